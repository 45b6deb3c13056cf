package dev.slipway.git.autoconfigure;

import dev.slipway.core.policy.OutboundAddressPolicy;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.git.JGitSourceRepository;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Registers the JGit {@link SourceRepository} unless the application defines its own. */
@AutoConfiguration
@EnableConfigurationProperties(GitSourceProperties.class)
public class GitSourceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SourceRepository.class)
    JGitSourceRepository jgitSourceRepository(GitSourceProperties properties) {
        return new JGitSourceRepository(new JGitSourceRepository.Settings(wholeSeconds(properties.networkTimeout()),
                OutboundAddressPolicy.allowing(properties.allowedAddresses().toArray(String[]::new))));
    }

    private static int wholeSeconds(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.getNano() != 0) {
            throw new IllegalArgumentException("Invalid slipway.git.network-timeout '" + timeout
                    + "': must be a whole number of seconds, at least 1.");
        }
        return (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds());
    }
}
