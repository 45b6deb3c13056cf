package dev.slipway.core.team;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.core.access.Caller;
import dev.slipway.core.spec.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Identifier of a team: a random UUID, or one derived from a name for personal and configured teams. */
public record TeamId(UUID value) {

    /**
     * Personal team identifiers of recent callers. Every command's access check needs one, and deriving it computes an
     * MD5 digest, which had 4.6% of the command thread's samples in a profile of the storage benchmark on H2.
     */
    private static final Map<Caller, TeamId> PERSONAL_TEAMS = new ConcurrentHashMap<>();
    private static final int PERSONAL_TEAMS_KEPT = 10_000;

    /** The owner of resources stored before they had teams, and of the shared local server. */
    public static final TeamId UNASSIGNED = named("slipway:team:unassigned");

    public TeamId {
        if (value == null) {
            throw new InvalidInputException("teamId", "must be a UUID", null);
        }
    }

    /** Creates a new random identifier. */
    public static TeamId random() {
        return new TeamId(UUID.randomUUID());
    }

    /** Returns the identifier of the team configured under {@code name}, the same in every engine process. */
    public static TeamId ofConfiguredName(String name) {
        return named("slipway:team:configured:" + name);
    }

    /** Returns the identifier of the personal team of {@code caller}, in which only that caller is owner. */
    public static TeamId personalOf(Caller caller) {
        TeamId known = PERSONAL_TEAMS.get(caller);
        if (known != null) {
            return known;
        }
        TeamId team = named("slipway:team:personal:" + caller);
        if (PERSONAL_TEAMS.size() >= PERSONAL_TEAMS_KEPT) {
            PERSONAL_TEAMS.clear();
        }
        PERSONAL_TEAMS.put(caller, team);
        return team;
    }

    /** Parses the text form of a UUID, naming the field in the rejection. */
    @JsonCreator
    public static TeamId of(String text) {
        try {
            return new TeamId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("teamId", "must be a UUID such as 3f2b1c9e-7d4a-4e7b-9a51-2c8f0d6e1b23",
                    text);
        }
    }

    private static TeamId named(String name) {
        return new TeamId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
