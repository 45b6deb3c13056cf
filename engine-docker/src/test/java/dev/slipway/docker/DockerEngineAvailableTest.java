package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineAvailableTest {

    @TempDir
    Path folder;

    @Test
    void checkWhenSocketMissingNamesSetupScript() {
        URI host = URI.create("unix://" + folder.resolve("docker.sock"));

        String problem = DockerEngineAvailable.problemAt(host);

        assertThat(problem).startsWith("Docker engine not reachable at " + host
                + ": run scripts/setup-docker.sh as root");
    }
}
