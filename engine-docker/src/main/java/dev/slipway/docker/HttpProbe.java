package dev.slipway.docker;

import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/** Sends HTTP health probes to containers through their published port, with the JDK's HTTP client. */
final class HttpProbe {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The result of a probe whose connection was accepted and then closed before any byte of a response. */
    static final String CLOSED_WITHOUT_RESPONSE = "connection closed without an HTTP response, which Docker's port"
            + " forwarding gives when nothing listens on the container port";

    ProbeResult probe(RunningContainer container, HttpHealthCheck check) {
        URI uri;
        try {
            uri = URI.create(container.url() + check.path());
        } catch (IllegalArgumentException e) {
            return new ProbeResult(false, "invalid URL " + container.url() + check.path());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(check.timeout()).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new ProbeResult(status == check.expectedStatus(), "HTTP " + status);
        } catch (HttpTimeoutException e) {
            return new ProbeResult(false, "timed out after " + DockerFailures.format(check.timeout()));
        } catch (ConnectException e) {
            return new ProbeResult(false, "connection refused");
        } catch (IOException e) {
            if (closedWithoutResponse(e)) {
                return new ProbeResult(false, CLOSED_WITHOUT_RESPONSE);
            }
            String message = e.getMessage();
            return new ProbeResult(false, "request failed: "
                    + (message == null || message.isBlank() ? e.getClass().getSimpleName() : message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(false, "interrupted");
        }
    }

    /**
     * Returns true when the connection ended before a response began. The JDK's HTTP client reports that as an
     * {@link EOFException} or, in Java 17, as an {@link IOException} with the message that the header parser
     * received no bytes.
     */
    private static boolean closedWithoutResponse(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException
                    || (cause.getMessage() != null && cause.getMessage().contains("received no bytes"))) {
                return true;
            }
        }
        return false;
    }
}
