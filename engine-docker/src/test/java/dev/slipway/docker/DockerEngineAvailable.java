package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test of a class when the Docker engine or the offline base image is missing, so that a machine
 * without Docker reports failures instead of silently skipping the tests.
 */
final class DockerEngineAvailable implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DockerEngineAvailable.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("problem", key -> problemAt(TestDocker.HOST), String.class);
        if (!problem.isEmpty()) {
            throw new IllegalStateException(problem);
        }
    }

    /** Returns what is missing at {@code host}, or an empty string when the engine and the base image are there. */
    static String problemAt(URI host) {
        DockerClient client = TestDocker.newClient(host);
        try {
            client.pingCmd().exec();
            client.inspectImageCmd(TestDocker.BASE_IMAGE).exec();
            return "";
        } catch (NotFoundException e) {
            return "Docker image " + TestDocker.BASE_IMAGE + " not found at " + host
                    + ": run scripts/setup-docker.sh as root";
        } catch (RuntimeException e) {
            return "Docker engine not reachable at " + host + ": run scripts/setup-docker.sh as root (" + e + ")";
        } finally {
            closeQuietly(client);
        }
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // Only the ping's outcome matters here.
        }
    }
}
