package dev.slipway.core.secret;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of secret storage under {@code slipway.secrets}.
 *
 * @param masterKeyFile   file that contains the base64 text of the 32-byte master key; when absent, the environment
 *                        variable {@code SLIPWAY_MASTER_KEY} is read instead
 * @param keyDirectory    folder of the wrapped data keysets, one file per application; default
 *                        {@code ${java.io.tmpdir}/slipway-keys}
 * @param createMasterKey whether to create {@code master.key} in the key folder when no master key is configured;
 *                        meant for demos and tests only, because the key then sits beside the keysets it protects
 * @param filesDirectory  folder on a tmpfs, owned by the engine's user, for the secret files of applications that
 *                        receive their secrets as files; default {@code /dev/shm/slipway}. When it is not on a
 *                        tmpfs, such deployments fail and the rest of the engine works.
 */
@ConfigurationProperties("slipway.secrets")
public record SecretProperties(Path masterKeyFile, Path keyDirectory, boolean createMasterKey, Path filesDirectory) {

    public SecretProperties {
        keyDirectory = keyDirectory == null ? Path.of(System.getProperty("java.io.tmpdir"), "slipway-keys")
                : keyDirectory;
        filesDirectory = filesDirectory == null ? SecretFiles.DEFAULT_DIRECTORY : filesDirectory;
    }
}
