package dev.slipway.docker.autoconfigure;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.docker.DockerContainerRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link ContainerRuntime} on the Docker engine that {@code slipway.docker.*} names, unless the
 * application defines its own. The runtime connects on first use, so the context starts without a Docker engine.
 */
@AutoConfiguration
@ConditionalOnClass(DockerClient.class)
@EnableConfigurationProperties(DockerRuntimeProperties.class)
public class DockerRuntimeAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ContainerRuntime.class)
    public DockerContainerRuntime dockerContainerRuntime(DockerRuntimeProperties properties) {
        return new DockerContainerRuntime(properties.toSettings());
    }
}
