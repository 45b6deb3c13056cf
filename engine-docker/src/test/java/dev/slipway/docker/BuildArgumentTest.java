package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.StepFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngineAvailable.class)
class BuildArgumentTest {

    private final DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    private final DockerObjects objects = new DockerObjects();
    private final ApplicationId application = ApplicationId.random();
    private final Map<String, String> labels = EngineLabels.forDeployment(application, DeploymentId.random());
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path context;

    @AfterEach
    void removeDockerObjects() throws Exception {
        // The runtime creates the application's network while it builds.
        objects.network(ApplicationNetworks.nameOf(application));
        // Closing waits for the network creations that builds started, so the cleanup finds those networks.
        runtime.close();
        objects.removeAll();
    }

    @Test
    void buildArgumentWithSpacesArrivesAsOneValue() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                ARG GREETING
                RUN test "$GREETING" = "hello big world" || { echo "GREETING was [$GREETING]"; exit 3; }
                """);
        String tag = objects.image(TestDocker.uniqueName("arg") + ":1");

        String imageId = runtime.build(new BuildRequest(context, "Dockerfile", tag, labels,
                Map.of("GREETING", "hello big world")), output::add);

        assertThat(runtime.imageExists(imageId)).isTrue();
    }

    @Test
    void buildArgumentsKeepShellAndLineSyntax() throws Exception {
        String value = "p4ss$word$$end$ 'q' \"d\" #c a=b\\n\tx\nline two\r\n";
        Files.writeString(context.resolve("expected"), value);
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                ARG TRICKY
                COPY expected /expected
                RUN printf '%s' "$TRICKY" > /tricky && cmp /tricky /expected
                """);
        String tag = objects.image(TestDocker.uniqueName("arg") + ":1");

        String imageId = runtime.build(new BuildRequest(context, "Dockerfile", tag, labels, Map.of("TRICKY", value)),
                output::add);

        assertThat(runtime.imageExists(imageId)).isTrue();
    }

    @Test
    void buildWithoutExpectedArgumentFailsInDockerfileCheck() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                ARG GREETING
                RUN test "$GREETING" = "hello big world"
                """);
        String tag = objects.image(TestDocker.uniqueName("arg") + ":1");

        assertThatThrownBy(() -> runtime.build(new BuildRequest(context, "Dockerfile", tag, labels,
                Map.of("GREETING", "hello")), output::add))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("returned a non-zero code: 1");
    }
}
