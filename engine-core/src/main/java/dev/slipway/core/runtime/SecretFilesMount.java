package dev.slipway.core.runtime;

import dev.slipway.core.spec.MountTarget;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Read-only bind mount of a directory of secret files on the Docker host into a container.
 *
 * @param hostDirectory the directory on the host, on a tmpfs, that contains one file per secret
 * @param target        the directory inside the container, such as {@code /run/secrets}
 */
public record SecretFilesMount(Path hostDirectory, MountTarget target) {

    public SecretFilesMount {
        Objects.requireNonNull(hostDirectory, "hostDirectory");
        Objects.requireNonNull(target, "target");
    }
}
