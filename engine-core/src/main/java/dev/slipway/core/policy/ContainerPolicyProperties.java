package dev.slipway.core.policy;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.InvalidInputException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The container policy as operator configuration, prefix {@value #PREFIX}. Absent operator settings keep the values
 * of {@link ContainerPolicy#DEFAULT}. Each entry of {@code teams}, keyed by team id, narrows the operator's settings
 * for the applications of that team, and an absent team setting keeps the operator's. Limits are in the units of the
 * frontends' input: MiB, thousandths of a CPU and processes.
 *
 * <p>The user a container runs as is not part of this policy: it is the image's own non-root user or the Docker
 * runtime's {@code slipway.docker.non-root-user}.
 *
 * @param allowedCapabilities    Linux capabilities an application may add, such as {@code NET_BIND_SERVICE}
 * @param maxMemoryMegabytes     the highest memory limit an application may set, in MiB
 * @param maxMilliCpus           the highest CPU limit an application may set, in thousandths of a CPU
 * @param maxPids                the highest process limit an application may set
 * @param publishAddresses       host addresses besides loopback that ports may be published on
 * @param readOnlyRootFilesystem whether every container gets a read-only root filesystem, whatever its application
 *                               sets; default false
 * @param teams                  the narrower settings of single teams, keyed by team id
 */
@ConfigurationProperties(ContainerPolicyProperties.PREFIX)
public record ContainerPolicyProperties(List<String> allowedCapabilities, Long maxMemoryMegabytes, Long maxMilliCpus,
                                        Long maxPids, List<String> publishAddresses, Boolean readOnlyRootFilesystem,
                                        Map<String, Team> teams) {

    /** The prefix of these properties. */
    public static final String PREFIX = "slipway.container-policy";

    private static final long MEBIBYTE = 1024L * 1024;
    private static final long NANOS_PER_MILLI_CPU = 1_000_000L;

    public ContainerPolicyProperties {
        teams = teams == null ? Map.of() : Map.copyOf(teams);
    }

    /**
     * The settings of one team. An absent setting keeps the operator's.
     *
     * @param allowedCapabilities    capabilities the team's applications may add, all of them allowed by the operator
     * @param maxMemoryMegabytes     the team's highest memory limit, in MiB, at most the operator's
     * @param maxMilliCpus           the team's highest CPU limit, in thousandths of a CPU, at most the operator's
     * @param maxPids                the team's highest process limit, at most the operator's
     * @param publishAddresses       host addresses besides loopback, all of them allowed by the operator
     * @param readOnlyRootFilesystem whether the team's containers get a read-only root filesystem; it cannot be
     *                               false when the operator's is true
     */
    public record Team(List<String> allowedCapabilities, Long maxMemoryMegabytes, Long maxMilliCpus, Long maxPids,
                       List<String> publishAddresses, Boolean readOnlyRootFilesystem) {
    }

    /**
     * Builds the policies these properties describe.
     *
     * @throws SlipwayException naming the first property that is invalid or that lets a team go beyond the operator
     */
    public ContainerPolicies toPolicies() {
        ContainerPolicy defaults = ContainerPolicy.DEFAULT;
        Set<CapabilityName> capabilities = allowedCapabilities == null ? defaults.allowedCapabilities()
                : capabilities(PREFIX + ".allowed-capabilities", allowedCapabilities);
        ResourceLimits max = defaults.maximumLimits();
        long memory = orDefault(maxMemoryMegabytes, max.memoryBytes() / MEBIBYTE);
        long milliCpus = orDefault(maxMilliCpus, max.nanoCpus() / NANOS_PER_MILLI_CPU);
        long pids = orDefault(maxPids, max.pids());
        Set<String> addresses = publishAddresses == null ? defaults.publishAddresses() : Set.copyOf(publishAddresses);
        ContainerPolicy operator = policy(PREFIX, capabilities, memory, milliCpus, pids, addresses);
        boolean readOnly = Boolean.TRUE.equals(readOnlyRootFilesystem);

        Map<String, ContainerPolicies.Rules> teamRules = new HashMap<>();
        for (Map.Entry<String, Team> entry : teams.entrySet()) {
            String prefix = PREFIX + ".teams." + entry.getKey();
            Team team = entry.getValue();
            Set<CapabilityName> teamCapabilities = team.allowedCapabilities() == null ? capabilities
                    : capabilities(prefix + ".allowed-capabilities", team.allowedCapabilities());
            requireSubset(prefix + ".allowed-capabilities", names(teamCapabilities), names(capabilities),
                    PREFIX + ".allowed-capabilities");
            Set<String> teamAddresses = team.publishAddresses() == null ? addresses
                    : Set.copyOf(team.publishAddresses());
            requireSubset(prefix + ".publish-addresses", teamAddresses, addresses, PREFIX + ".publish-addresses");
            long teamMemory = atMost(prefix + ".max-memory-megabytes", team.maxMemoryMegabytes(), memory,
                    PREFIX + ".max-memory-megabytes");
            long teamCpus = atMost(prefix + ".max-milli-cpus", team.maxMilliCpus(), milliCpus,
                    PREFIX + ".max-milli-cpus");
            long teamPids = atMost(prefix + ".max-pids", team.maxPids(), pids, PREFIX + ".max-pids");
            boolean teamReadOnly = team.readOnlyRootFilesystem() == null ? readOnly : team.readOnlyRootFilesystem();
            if (readOnly && !teamReadOnly) {
                throw new SlipwayException("Invalid " + prefix + ".read-only-root-filesystem 'false': the operator"
                        + " requires a read-only root filesystem (" + PREFIX + ".read-only-root-filesystem=true),"
                        + " so a team cannot allow a writable one. Remove the team's setting.");
            }
            ContainerPolicy teamPolicy = policy(prefix, teamCapabilities, teamMemory, teamCpus, teamPids,
                    teamAddresses);
            teamRules.put(entry.getKey(), new ContainerPolicies.Rules(teamPolicy, teamReadOnly));
        }
        return new ContainerPolicies(new ContainerPolicies.Rules(operator, readOnly), teamRules);
    }

    private static ContainerPolicy policy(String prefix, Set<CapabilityName> capabilities, long memoryMegabytes,
                                          long milliCpus, long pids, Set<String> addresses) {
        ResourceLimits limits;
        try {
            limits = new ResourceLimits(memoryMegabytes * MEBIBYTE, milliCpus * NANOS_PER_MILLI_CPU, pids);
        } catch (InvalidInputException e) {
            throw new SlipwayException("Invalid limits under " + prefix + " (max-memory-megabytes=" + memoryMegabytes
                    + ", max-milli-cpus=" + milliCpus + ", max-pids=" + pids + "): " + e.rule()
                    + ". Raise the limit.", e);
        }
        try {
            return new ContainerPolicy(capabilities, limits, addresses);
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new SlipwayException("Invalid " + prefix + ".allowed-capabilities or " + prefix
                    + ".publish-addresses: " + e.getMessage(), e);
        }
    }

    private static Set<CapabilityName> capabilities(String property, List<String> values) {
        Set<CapabilityName> parsed = new LinkedHashSet<>();
        for (String value : values) {
            try {
                parsed.add(CapabilityName.parse(value));
            } catch (InvalidInputException e) {
                throw new SlipwayException("Invalid " + property + " '" + value + "': " + e.rule(), e);
            }
        }
        return parsed;
    }

    private static void requireSubset(String property, Set<String> values, Set<String> allowed,
                                      String operatorProperty) {
        Set<String> beyond = new TreeSet<>(values);
        beyond.removeAll(allowed);
        if (!beyond.isEmpty()) {
            throw new SlipwayException("Invalid " + property + ": " + beyond + " go beyond the operator's "
                    + operatorProperty + " " + new TreeSet<>(allowed) + ". Remove them, or allow them for every"
                    + " team.");
        }
    }

    private static long atMost(String property, Long value, long maximum, String operatorProperty) {
        if (value == null) {
            return maximum;
        }
        if (value > maximum) {
            throw new SlipwayException("Invalid " + property + " '" + value + "': must be at most " + maximum
                    + ", the operator's " + operatorProperty + ". Lower it, or raise the operator's limit.");
        }
        return value;
    }

    private static long orDefault(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    private static Set<String> names(Set<CapabilityName> capabilities) {
        return capabilities.stream().map(CapabilityName::value).collect(Collectors.toSet());
    }
}
