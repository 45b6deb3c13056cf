package dev.slipway.core.deployment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.core.spec.InvalidInputException;
import java.util.UUID;

/** Identifier of a deployment: a random UUID, never a sequence number. */
public record DeploymentId(UUID value) {

    public DeploymentId {
        if (value == null) {
            throw new InvalidInputException("deploymentId", "must be a UUID", null);
        }
    }

    /** Creates a new random identifier. */
    public static DeploymentId random() {
        return new DeploymentId(UUID.randomUUID());
    }

    /** Parses the text form of a UUID, naming the field in the rejection. */
    @JsonCreator
    public static DeploymentId of(String text) {
        try {
            return new DeploymentId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("deploymentId",
                    "must be a UUID such as 3f2b1c9e-7d4a-4e7b-9a51-2c8f0d6e1b23", text);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
