package dev.slipway.core.autoconfigure;

import dev.slipway.core.application.RecordReleaseCommand;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Image retention of the deployment engine under Spring Boot, prefix {@code slipway.images}.
 *
 * @param kept images of its latest releases that each application keeps for rollbacks unless it sets its own
 *             number; from 1 to 100, default 3
 */
@ConfigurationProperties("slipway.images")
public record ImageRetentionProperties(Integer kept) {

    public ImageRetentionProperties {
        kept = kept == null ? RecordReleaseCommand.DEFAULT_KEPT_IMAGES : kept;
    }
}
