package dev.slipway.core.policy;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds the {@link ContainerPolicies} from the {@code slipway.container-policy.*} properties, so that an invalid
 * setting, or a team setting beyond the operator's, stops the application at start with the property's name.
 */
@AutoConfiguration(beforeName = "dev.slipway.core.autoconfigure.SlipwayAutoConfiguration")
@EnableConfigurationProperties(ContainerPolicyProperties.class)
public class ContainerPolicyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ContainerPolicies slipwayContainerPolicies(ContainerPolicyProperties properties) {
        return properties.toPolicies();
    }
}
