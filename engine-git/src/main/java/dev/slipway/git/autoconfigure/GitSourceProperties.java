package dev.slipway.git.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the Git adapter under {@code slipway.git}.
 *
 * @param networkTimeout Time to wait for a Git server to connect or respond, in whole seconds and at least one
 *                       second. A value without a unit is read as seconds.
 */
@ConfigurationProperties("slipway.git")
public record GitSourceProperties(@DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS) Duration networkTimeout) {
}
