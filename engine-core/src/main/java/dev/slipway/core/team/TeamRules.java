package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.spec.InvalidInputException;

/** Checks shared by the team commands. */
final class TeamRules {

    private TeamRules() {
    }

    static void requireMember(Caller member) {
        if (member == null || member.kind() == Caller.Kind.ENGINE || member.kind() == Caller.Kind.WEBHOOK) {
            throw new InvalidInputException("member", "must be a user or an API token, such as 'user:alice'",
                    member == null ? null : member.toString());
        }
    }
}
