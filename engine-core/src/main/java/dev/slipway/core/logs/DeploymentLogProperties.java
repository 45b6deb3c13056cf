package dev.slipway.core.logs;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the deployment log store under Spring Boot, prefix {@code slipway.logs}.
 *
 * @param directory                the folder of the log files; default the {@code logs} folder of
 *                                 {@code slipway.work-directory}
 * @param maxSizePerDeployment     the maximum size of one deployment's log file, such as {@code 1MB}; default 1 MB,
 *                                 at least 1 KB
 * @param retention                how long a log is kept after its last line, such as {@code 14d}; default 14 days
 */
@ConfigurationProperties("slipway.logs")
public record DeploymentLogProperties(Path directory, DataSize maxSizePerDeployment, Duration retention) {

    public DeploymentLogProperties {
        maxSizePerDeployment = maxSizePerDeployment == null ? DataSize.ofBytes(LogStoreSettings.DEFAULT_MAX_BYTES)
                : maxSizePerDeployment;
        retention = retention == null ? LogStoreSettings.DEFAULT_RETENTION : retention;
    }
}
