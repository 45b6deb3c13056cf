package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

/** Connects the tests to the local Docker engine, and fails them with a fix when it does not answer. */
final class DockerCheck {

    private static final String HOST = "unix:///var/run/docker.sock";

    private DockerCheck() {
    }

    static DockerClient connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(HOST)
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .build());
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker engine not reachable at " + HOST + ": run scripts/setup-docker.sh as root", e);
        }
        return client;
    }
}
