package dev.slipway.core.policy;

import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.PortMapping;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an application's container may request beyond the engine's fixed floor. The floor applies to every container
 * whatever the policy allows: a non-root user, all capabilities dropped before the allowed ones are added, no new
 * privileges, no privileged mode, no host network, PID, IPC or user namespace, no devices and no bind mount of a host
 * path. The policy is data: an operator sets it for the engine, and a team may get a narrower one through
 * {@link #narrowedTo}.
 *
 * @param allowedCapabilities capabilities an application may add; none of {@link #FORBIDDEN_CAPABILITIES}
 * @param maximumLimits       the highest memory, CPU and process limits an application may set
 * @param publishAddresses    host addresses besides loopback (127.0.0.0/8) that ports may be published on
 */
public record ContainerPolicy(Set<CapabilityName> allowedCapabilities, ResourceLimits maximumLimits,
                              Set<String> publishAddresses) {

    private static final long MEBIBYTE = 1024L * 1024;
    private static final long NANOS_PER_MILLI_CPU = 1_000_000L;

    /** Capabilities that give a container power over the host or the kernel, which no policy can allow. */
    public static final Set<CapabilityName> FORBIDDEN_CAPABILITIES = names("AUDIT_CONTROL", "BPF",
            "CHECKPOINT_RESTORE", "DAC_READ_SEARCH", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "NET_ADMIN",
            "PERFMON", "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_MODULE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO",
            "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG");

    /**
     * The default: the capabilities a web server commonly needs (binding ports below 1024, changing file owners
     * and switching users), at most 2 GiB of memory, 2 CPUs and 1024 processes, and loopback publishing only.
     */
    public static final ContainerPolicy DEFAULT = new ContainerPolicy(
            names("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID"),
            new ResourceLimits(2048L * 1024 * 1024, 2_000_000_000L, 1024), Set.of());

    public ContainerPolicy {
        if (allowedCapabilities == null || maximumLimits == null || publishAddresses == null) {
            throw new IllegalArgumentException("Invalid container policy: allowedCapabilities, maximumLimits and"
                    + " publishAddresses must be set");
        }
        allowedCapabilities = Set.copyOf(allowedCapabilities);
        publishAddresses = Set.copyOf(publishAddresses);
        Set<CapabilityName> forbidden = new TreeSet<>(Comparator.comparing(CapabilityName::value));
        forbidden.addAll(allowedCapabilities);
        forbidden.retainAll(FORBIDDEN_CAPABILITIES);
        if (!forbidden.isEmpty()) {
            throw new IllegalArgumentException("Invalid container policy: capabilities " + forbidden
                    + " give a container control over the host and cannot be allowed");
        }
        for (String address : publishAddresses) {
            new PortMapping(address, 1, 1);
        }
    }

    /**
     * Rejects a runtime spec that requests more than this policy allows.
     *
     * @throws InvalidInputException naming the first field that exceeds the policy; limits are named and shown in
     *                               the units of the frontends' input: {@code memoryMegabytes} in MiB,
     *                               {@code milliCpus} in thousandths of a CPU, and {@code pids}
     */
    public RuntimeSpec check(RuntimeSpec runtime) {
        for (CapabilityName capability : runtime.capabilities()) {
            if (!allowedCapabilities.contains(capability)) {
                throw new InvalidInputException("capabilities", "must be one of the capabilities the container"
                        + " policy allows: " + sorted(allowedCapabilities) + "; ask the operator to allow more",
                        capability.value());
            }
        }
        for (PortMapping port : runtime.ports()) {
            if (!port.isLoopback() && !publishAddresses.contains(port.hostAddress())) {
                throw new InvalidInputException("ports", "must publish on a loopback address"
                        + (publishAddresses.isEmpty() ? "" : " or one of " + new TreeSet<>(publishAddresses))
                        + "; ask the operator to allow another address", port.value());
            }
        }
        ResourceLimits limits = runtime.limits();
        requireAtMost("memoryMegabytes", limits.memoryBytes() / MEBIBYTE, maximumLimits.memoryBytes() / MEBIBYTE);
        requireAtMost("milliCpus", limits.nanoCpus() / NANOS_PER_MILLI_CPU,
                maximumLimits.nanoCpus() / NANOS_PER_MILLI_CPU);
        requireAtMost("pids", limits.pids(), maximumLimits.pids());
        return runtime;
    }

    /**
     * Returns {@code narrower} after checking that it allows nothing beyond this policy, so that an operator's
     * limits bind every team.
     *
     * @throws IllegalArgumentException naming what {@code narrower} allows beyond this policy
     */
    public ContainerPolicy narrowedTo(ContainerPolicy narrower) {
        if (!allowedCapabilities.containsAll(narrower.allowedCapabilities)) {
            throw new IllegalArgumentException("Invalid team container policy: capabilities "
                    + sorted(narrower.allowedCapabilities) + " go beyond the operator's "
                    + sorted(allowedCapabilities));
        }
        if (!publishAddresses.containsAll(narrower.publishAddresses)) {
            throw new IllegalArgumentException("Invalid team container policy: publish addresses "
                    + narrower.publishAddresses + " go beyond the operator's " + publishAddresses);
        }
        ResourceLimits max = narrower.maximumLimits;
        if (max.memoryBytes() > maximumLimits.memoryBytes() || max.nanoCpus() > maximumLimits.nanoCpus()
                || max.pids() > maximumLimits.pids()) {
            throw new IllegalArgumentException("Invalid team container policy: limits " + max
                    + " go beyond the operator's " + maximumLimits);
        }
        return narrower;
    }

    private static void requireAtMost(String field, long value, long maximum) {
        if (value > maximum) {
            throw new InvalidInputException(field, "must be at most " + maximum + ", the container policy's"
                    + " maximum; ask the operator to raise it", Long.toString(value));
        }
    }

    private static String sorted(Set<CapabilityName> capabilities) {
        return capabilities.stream().map(CapabilityName::value).sorted().collect(Collectors.joining(", "));
    }

    private static Set<CapabilityName> names(String... names) {
        return Arrays.stream(names).map(CapabilityName::new).collect(Collectors.toUnmodifiableSet());
    }
}
