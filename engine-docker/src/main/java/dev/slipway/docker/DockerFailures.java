package dev.slipway.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.TransientFailureException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Turns docker-java's exceptions into {@link StepFailedException}s whose message states what failed, why, and
 * what to do. This is the only place where docker-java's exception types are interpreted.
 */
final class DockerFailures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATUS_PREFIX = "Status ";

    private final URI dockerHost;

    DockerFailures(URI dockerHost) {
        this.dockerHost = dockerHost;
    }

    /**
     * Creates the exception for a failed Docker call.
     *
     * @param action what the engine tried, such as {@code create container 'web-1'}
     * @param error  the exception docker-java threw
     * @param fix    what the user can do when the Docker engine rejected the call
     */
    StepFailedException failure(String action, RuntimeException error, String fix) {
        IOException unreachable = ioCause(error);
        if (unreachable instanceof ClosedByInterruptException) {
            // The engine interrupted its own call, so the Docker engine is not at fault and a retry would not help.
            return new StepFailedException("Unable to " + action + ": the call was interrupted, as happens when the"
                    + " deployment is cancelled or the engine closes.", error);
        }
        if (unreachable != null) {
            return new TransientFailureException("Unable to " + action + ": Docker engine not reachable at "
                    + dockerHost + " (" + describe(unreachable) + "). Check that the Docker engine runs and that the"
                    + " Docker host setting points at it.", error);
        }
        if (isServerError(error)) {
            return new TransientFailureException("Unable to " + action + ": the Docker engine failed with HTTP "
                    + ((DockerException) error).getHttpStatus() + " (" + reason(error) + "). Check the Docker"
                    + " engine's log and that it is not restarting, then deploy again.", error);
        }
        return new StepFailedException("Unable to " + action + ": " + reason(error) + ". " + fix, error);
    }

    /**
     * Returns whether the Docker engine responded with HTTP 5xx for a reason of its own. A port that another process
     * holds is also reported as HTTP 500, but it is the user's to fix, so it counts as final.
     */
    static boolean isServerError(RuntimeException error) {
        if (!(error instanceof DockerException dockerError) || dockerError.getHttpStatus() < 500) {
            return false;
        }
        String reason = reason(error).toLowerCase(Locale.ROOT);
        return !reason.contains("port is already allocated") && !reason.contains("address already in use");
    }

    /**
     * Returns whether a failed removal found its object gone. Docker responds with HTTP 404 when the object was gone
     * before the call, and with HTTP 500 "unrecognized image ID" when another removal deleted the image during it.
     */
    static boolean isGone(RuntimeException error) {
        if (error instanceof NotFoundException) {
            return true;
        }
        return error instanceof DockerException && reason(error).toLowerCase(Locale.ROOT)
                .contains("unrecognized image id");
    }

    /** Appends the last lines of output to a message, one per line, or notes that there was none. */
    static String withOutput(String message, String heading, List<String> lines) {
        if (lines.isEmpty()) {
            return message + " " + heading + ": (no output)";
        }
        return message + " " + heading + ":\n" + String.join("\n", lines);
    }

    /** Formats a duration for a message: {@code 2s}, {@code 500ms} or {@code 30m}. */
    static String format(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        if (duration.toSeconds() % 60 != 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMinutes() + "m";
    }

    /** Returns the Docker engine's own explanation of a failed call, without docker-java's status prefix. */
    static String reason(RuntimeException error) {
        if (!(error instanceof DockerException dockerError)) {
            return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage().strip();
        }
        String text = dockerError.getMessage() == null ? "" : dockerError.getMessage();
        String prefix = STATUS_PREFIX + dockerError.getHttpStatus() + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        text = engineMessage(text.strip());
        return text.isEmpty() ? "Docker returned HTTP " + dockerError.getHttpStatus() : text;
    }

    /** Extracts {@code message} from the engine's JSON error body, such as {@code {"message":"No such image"}}. */
    private static String engineMessage(String body) {
        if (!body.startsWith("{")) {
            return body;
        }
        try {
            JsonNode message = JSON.readTree(body).get("message");
            return message == null ? body : message.asText().strip();
        } catch (IOException e) {
            return body;
        }
    }

    private static IOException ioCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static String describe(IOException error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message.strip();
    }
}
