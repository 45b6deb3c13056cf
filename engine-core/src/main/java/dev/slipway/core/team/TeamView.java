package dev.slipway.core.team;

import java.util.List;

/**
 * Read model of a team.
 *
 * @param id      the team id
 * @param name    the team name
 * @param members the members, sorted by caller
 */
public record TeamView(String id, String name, List<Member> members) {

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
