package dev.slipway.quickstart;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo mode, prefix {@code slipway.demo}.
 *
 * @param enabled    whether the quickstart deploys the sample application when it starts; default false
 * @param source     the folder whose files make the sample repository; default {@code samples/hello-app}
 * @param repository the bare Git repository created from {@code source} when it does not exist yet
 * @param timeoutSeconds how long to wait for the demo deployment to end; default 300
 * @param domain     the domain of a sample application that the demo creates while the engine's proxy is enabled, or
 *                   null for none
 */
@ConfigurationProperties("slipway.demo")
public record DemoProperties(boolean enabled, Path source, Path repository, Integer timeoutSeconds, String domain) {

    public DemoProperties {
        source = source == null ? Path.of("samples", "hello-app") : source;
        repository = repository == null ? Path.of("data", "hello-app.git") : repository;
        timeoutSeconds = timeoutSeconds == null ? 300 : timeoutSeconds;
    }
}
