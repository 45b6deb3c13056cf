package dev.slipway.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Direct Docker access for one test. On close it removes the Docker objects of the applications that the test
 * registered. Test classes register a subclass with {@code @RegisterExtension}, so that it closes after each test.
 */
public abstract class DockerFixture implements AutoCloseable, AfterEachCallback {

    /** The Docker client, which {@link #close()} closes. */
    protected final DockerClient docker;
    private final List<String> applicationsToRemove = new CopyOnWriteArrayList<>();

    DockerFixture(DockerClient docker) {
        this.docker = docker;
    }

    /** Removes the Docker objects that the engine created for one application. */
    public abstract void removeApplication(String applicationId);

    /** Registers an application whose Docker objects {@link #close()} removes, and returns its id. */
    public String removeAfterTest(String applicationId) {
        applicationsToRemove.add(applicationId);
        return applicationId;
    }

    /**
     * Runs one removal and ignores that its object is gone. The engine removes a deleted application's objects and
     * those of a failed deployment on its own, so an object listed here may be gone a moment later. Docker then
     * responds with HTTP 404, or with HTTP 500 "unrecognized image ID" when the engine deleted an image during the
     * call. Other failures are rethrown.
     */
    protected static void ignoreGone(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // Already removed by the engine.
        } catch (InternalServerErrorException e) {
            if (e.getMessage() == null || !e.getMessage().contains("unrecognized image ID")) {
                throw e;
            }
        }
    }

    /** Closes this fixture after each test when a test class registers it with {@code @RegisterExtension}. */
    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }

    /** Removes the Docker objects of every registered application, then closes the Docker client. */
    @Override
    public void close() throws IOException {
        try {
            applicationsToRemove.forEach(this::removeApplication);
        } finally {
            docker.close();
        }
    }
}
