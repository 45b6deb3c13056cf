package dev.slipway.core.policy;

import dev.slipway.core.runtime.ContainerRuntime;
import java.util.Map;

/**
 * The operator's container rules and the narrower rules of single teams, keyed by team id. A team without rules of
 * its own gets the operator's.
 *
 * @param operator the rules for every container, and the bounds of every team's rules
 * @param teams    the rules of single teams, each within the operator's
 */
public record ContainerPolicies(Rules operator, Map<String, Rules> teams) {

    /** The default policy, with a writable root filesystem and no team rules. */
    public static final ContainerPolicies DEFAULT = new ContainerPolicies(new Rules(ContainerPolicy.DEFAULT, false),
            Map.of());

    /**
     * Creates the policies after checking that each team's rules stay within the operator's.
     *
     * @throws IllegalArgumentException naming the team and what its rules allow beyond the operator's
     */
    public ContainerPolicies {
        if (operator == null) {
            throw new IllegalArgumentException("Invalid container policies: the operator's rules must be set");
        }
        teams = Map.copyOf(teams == null ? Map.of() : teams);
        for (Map.Entry<String, Rules> team : teams.entrySet()) {
            try {
                operator.policy().narrowedTo(team.getValue().policy());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid container policy of team '" + team.getKey() + "': "
                        + e.getMessage(), e);
            }
            if (operator.readOnlyRootFilesystem() && !team.getValue().readOnlyRootFilesystem()) {
                throw new IllegalArgumentException("Invalid container policy of team '" + team.getKey()
                        + "': the operator requires a read-only root filesystem, so a team cannot allow a writable"
                        + " one");
            }
        }
    }

    /** Returns the rules of a team, or the operator's when the team is null or has none of its own. */
    public Rules forTeam(String teamId) {
        if (teamId == null) {
            return operator;
        }
        return teams.getOrDefault(teamId, operator);
    }

    /**
     * Returns a runtime that applies the rules of each application's team, found in {@code teams}, to every
     * container that {@code runtime} starts.
     */
    public ContainerRuntime enforcedOn(ContainerRuntime runtime, ApplicationTeams teams) {
        return new PolicyContainerRuntime(runtime, this, teams);
    }

    /**
     * The container rules of one team, or of every team.
     *
     * @param policy                 the capabilities, limits and publish addresses an application may request
     * @param readOnlyRootFilesystem whether every container gets a read-only root filesystem, whatever its
     *                               application sets
     */
    public record Rules(ContainerPolicy policy, boolean readOnlyRootFilesystem) {

        public Rules {
            if (policy == null) {
                throw new IllegalArgumentException("Invalid container rules: policy must be set");
            }
        }
    }
}
