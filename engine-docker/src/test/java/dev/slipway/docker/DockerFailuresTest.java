package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.TransientFailureException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import org.junit.jupiter.api.Test;

class DockerFailuresTest {

    private final DockerFailures failures = new DockerFailures(URI.create("unix:///var/run/docker.sock"));

    @Test
    void serverErrorIsTransient() {
        StepFailedException failure = failures.failure("start container 'web-1'",
                new InternalServerErrorException("{\"message\":\"daemon is restarting\"}"), "Fix it.");

        assertThat(failure).isInstanceOf(TransientFailureException.class);
        assertThat(failure).hasMessageContaining("HTTP 500").hasMessageContaining("daemon is restarting");
    }

    @Test
    void imageRemovedMeanwhileIsGone() {
        // Docker's error response when another removal deleted the image while this one ran.
        InternalServerErrorException concurrentRemoval = new InternalServerErrorException("{\"message\":"
                + "\"unrecognized image ID sha256:9d7a573862e69ca3cabecd2edb5e8fec19901fbde5d35d011ee3d68f7d401007\"}");

        assertThat(DockerFailures.isGone(concurrentRemoval)).isTrue();
        assertThat(DockerFailures.isGone(new NotFoundException("{\"message\":\"No such image: web:1\"}"))).isTrue();
        assertThat(DockerFailures.isGone(new InternalServerErrorException("{\"message\":\"daemon is restarting\"}")))
                .isFalse();
        assertThat(DockerFailures.isGone(new ConflictException("{\"message\":\"image is being used\"}"))).isFalse();
    }

    @Test
    void unreachableEngineIsTransient() {
        StepFailedException failure = failures.failure("start container 'web-1'",
                new UncheckedIOException(new SocketException("Connection reset")), "Fix it.");

        assertThat(failure).isInstanceOf(TransientFailureException.class);
        assertThat(failure).hasMessageContaining("not reachable");
    }

    @Test
    void interruptedCallIsFinal() {
        StepFailedException failure = failures.failure("start container 'web-1'",
                new UncheckedIOException(new ClosedByInterruptException()), "Fix it.");

        assertThat(failure).isNotInstanceOf(TransientFailureException.class);
        assertThat(failure).hasMessage("Unable to start container 'web-1': the call was interrupted, as happens"
                + " when the deployment is cancelled or the engine closes.");
    }

    @Test
    void portInUseAndBadRequestAreFinal() {
        StepFailedException portInUse = failures.failure("start container 'web-1'",
                new InternalServerErrorException("{\"message\":\"Bind for 0.0.0.0:8080 failed: port is"
                        + " already allocated\"}"), "Fix it.");
        StepFailedException badRequest = failures.failure("create container 'web-1'",
                new BadRequestException("{\"message\":\"invalid mount\"}"), "Fix it.");

        assertThat(portInUse).isNotInstanceOf(TransientFailureException.class);
        assertThat(badRequest).isNotInstanceOf(TransientFailureException.class);
        assertThat(badRequest).hasMessage("Unable to create container 'web-1': invalid mount. Fix it.");
    }
}
