package dev.slipway.git.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the Git adapter under {@code slipway.git}.
 *
 * @param networkTimeout   Time to wait for a Git server to connect or respond, in whole seconds and at least one
 *                         second. A value without a unit is read as seconds.
 * @param allowedAddresses IP addresses or CIDR blocks, such as {@code 10.20.0.0/16}, that repository hosts may
 *                         resolve to even though they are loopback, private, link-local or otherwise internal.
 *                         Empty by default, so only public hosts are reached.
 */
@ConfigurationProperties("slipway.git")
public record GitSourceProperties(@DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS) Duration networkTimeout,
                                  List<String> allowedAddresses) {

    public GitSourceProperties {
        allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
    }
}
