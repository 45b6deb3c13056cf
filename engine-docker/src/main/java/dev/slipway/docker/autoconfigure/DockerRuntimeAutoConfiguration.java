package dev.slipway.docker.autoconfigure;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.docker.CaddyTrafficRouter;
import dev.slipway.docker.DockerContainerRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link ContainerRuntime} on the Docker engine that {@code slipway.docker.*} names, unless the
 * application defines its own. The runtime connects on first use, so the context starts without a Docker engine.
 * It labels what it creates with the engine id {@code slipway.engine-id}, {@code default} unless set.
 *
 * <p>With {@code slipway.proxy.enabled=true} it also configures a {@link TrafficRouter} on a Caddy proxy container of
 * that Docker engine, configured by {@code slipway.proxy.*}, unless the application defines its own router.
 */
@AutoConfiguration
@ConditionalOnClass(DockerClient.class)
@EnableConfigurationProperties({DockerRuntimeProperties.class, ProxyProperties.class})
public class DockerRuntimeAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ContainerRuntime.class)
    public DockerContainerRuntime dockerContainerRuntime(DockerRuntimeProperties properties, Environment environment) {
        return new DockerContainerRuntime(properties.toSettings()
                .withEngineId(environment.getProperty("slipway.engine-id", EngineLabels.DEFAULT_ENGINE_ID)));
    }

    /** Creates the router of {@code slipway.proxy.*}; an invalid value fails the start with the property's name. */
    @Bean
    @ConditionalOnProperty(prefix = ProxyProperties.PREFIX, name = "enabled", havingValue = "true")
    @ConditionalOnMissingBean(TrafficRouter.class)
    public CaddyTrafficRouter caddyTrafficRouter(DockerContainerRuntime runtime, ProxyProperties properties) {
        return runtime.trafficRouter(properties.toSettings());
    }
}
