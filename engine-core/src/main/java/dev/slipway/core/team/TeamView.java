package dev.slipway.core.team;

import java.util.List;

/**
 * Read model of a team.
 *
 * @param id       the team id
 * @param name     the team name
 * @param personal whether it is the caller's personal team, which exists without being created and whose members
 *                 cannot change
 * @param members  the members, sorted by caller
 */
public record TeamView(String id, String name, boolean personal, List<Member> members) {

    public TeamView {
        members = List.copyOf(members);
    }

    /**
     * A member of a team.
     *
     * @param caller the member, such as {@code user:alice} or {@code token:ci}
     * @param role   the member's role
     */
    public record Member(String caller, dev.slipway.core.access.Role role) {
    }
}
