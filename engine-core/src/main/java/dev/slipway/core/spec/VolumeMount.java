package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Named volume mounted into a container, written {@code name:/target} or {@code name:/target:ro}, such as
 * {@code data:/var/lib/data}. Only named volumes exist: a host path in place of the name is rejected.
 *
 * @param name     the volume, owned by the application
 * @param target   where the volume appears inside the container
 * @param readOnly whether the container may only read the volume
 */
public record VolumeMount(VolumeName name, MountTarget target, boolean readOnly) {

    static final String FIELD = "volumes";
    static final String RULE = "must be name:/path or name:/path:ro, where name is a named volume (lower-case"
            + " letters, digits, '_', '.', '-'); host paths such as / or /var/run/docker.sock cannot be mounted";

    public VolumeMount {
        if (name == null || target == null) {
            throw new InvalidInputException(FIELD, RULE, null);
        }
    }

    /** Parses a mount written {@code name:/target} or {@code name:/target:ro}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static VolumeMount parse(String value) {
        if (value == null || value.length() > 400) {
            throw new InvalidInputException(FIELD, RULE, value);
        }
        String[] parts = value.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts.length == 3 && !parts[2].equals("ro")) {
            throw new InvalidInputException(FIELD, RULE, value);
        }
        try {
            return new VolumeMount(new VolumeName(parts[0]), new MountTarget(parts[1]), parts.length == 3);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(FIELD, e.rule(), value);
        }
    }

    /** Returns the mount in its written form. */
    @JsonValue
    public String value() {
        return name + ":" + target + (readOnly ? ":ro" : "");
    }

    @Override
    public String toString() {
        return value();
    }
}
