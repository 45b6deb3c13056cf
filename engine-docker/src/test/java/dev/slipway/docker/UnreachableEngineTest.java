package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.StepFailedException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreachableEngineTest {

    @TempDir
    Path folder;

    @Test
    void callsWhenSocketMissingNameHostAndFix() throws Exception {
        URI host = URI.create("unix://" + folder.resolve("missing.sock"));
        DockerRuntimeSettings settings = DockerRuntimeSettings.defaults().withDockerHost(host, null, false);

        try (DockerContainerRuntime runtime = new DockerContainerRuntime(settings)) {
            assertThatThrownBy(() -> runtime.containerExists("web"))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageStartingWith("Unable to look up container 'web': Docker engine not reachable at "
                            + host + " (")
                    .hasMessageEndingWith("Check that the Docker engine runs and that the Docker host setting"
                            + " points at it.");
            assertThatThrownBy(() -> runtime.ensureNetwork(ApplicationId.random()))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("Docker engine not reachable at " + host);
        }
    }
}
