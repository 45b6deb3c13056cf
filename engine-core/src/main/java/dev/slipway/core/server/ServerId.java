package dev.slipway.core.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.core.spec.InvalidInputException;
import java.util.UUID;

/** Identifier of a server: a random UUID, never a sequence number. */
public record ServerId(UUID value) {

    /** The Docker engine on the engine's own host, registered when the engine starts. */
    public static final ServerId LOCAL = new ServerId(UUID.nameUUIDFromBytes("slipway:server:local".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)));

    public ServerId {
        if (value == null) {
            throw new InvalidInputException("serverId", "must be a UUID", null);
        }
    }

    /** Creates a new random identifier. */
    public static ServerId random() {
        return new ServerId(UUID.randomUUID());
    }

    /** Parses the text form of a UUID, naming the field in the rejection. */
    @JsonCreator
    public static ServerId of(String text) {
        try {
            return new ServerId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("serverId", "must be a UUID such as 3f2b1c9e-7d4a-4e7b-9a51-2c8f0d6e1b23",
                    text);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
