package dev.slipway.core.access;

import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.TeamId;
import java.util.regex.Pattern;

/**
 * Team assignment of resources created without a team. With no default team, each user's resources go to the
 * user's personal team, in which only that user is owner. With a default team, they go there, and the engine
 * creates that team when it starts.
 *
 * @param defaultTeam     the name of the default team, or null for personal teams
 * @param defaultTeamRole the role that every user and API token has in the default team besides its members, or
 *                        null to let only members in. A member's own role applies when it is higher.
 */
public record AccessSettings(String defaultTeam, Role defaultTeamRole) {

    /** Personal teams and no shared team. */
    public static final AccessSettings PERSONAL_TEAMS = new AccessSettings(null, null);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public AccessSettings {
        if (defaultTeam != null && !NAME.matcher(defaultTeam).matches()) {
            throw new InvalidInputException("slipway.access.default-team", "must be 1 to 64 letters, digits or"
                    + " '._-', starting with a letter or digit", defaultTeam);
        }
        if (defaultTeam == null && defaultTeamRole != null) {
            throw new InvalidInputException("slipway.access.default-team-role", "needs slipway.access.default-team",
                    defaultTeamRole.name());
        }
    }

    /** Returns the id of the default team, or null when there is none. */
    public TeamId defaultTeamId() {
        return defaultTeam == null ? null : TeamId.ofConfiguredName(defaultTeam);
    }
}
