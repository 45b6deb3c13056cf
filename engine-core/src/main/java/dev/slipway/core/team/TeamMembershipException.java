package dev.slipway.core.team;

import dev.slipway.core.SlipwayException;

/** Signals a change of members that would break a rule of the team, such as leaving it without an owner. */
public class TeamMembershipException extends SlipwayException {

    public TeamMembershipException(String message) {
        super(message);
    }
}
