package dev.slipway.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

/** Opens Docker clients for tests that inspect or clean up what the engine started. */
public final class DockerConnections {

    private DockerConnections() {
    }

    /**
     * Connects to the Docker engine that docker-java's default configuration names ({@code DOCKER_HOST}, else the
     * local socket), and checks that it responds to a ping.
     *
     * @throws AssertionError when Docker is not reachable, naming the address tried, so a test fails instead of
     *     skipping
     */
    public static DockerClient connect() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new AssertionError("Docker is not reachable at " + config.getDockerHost()
                    + "; this test needs a running Docker engine (start dockerd)", e);
        }
        return client;
    }
}
