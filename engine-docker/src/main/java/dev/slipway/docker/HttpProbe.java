package dev.slipway.docker;

import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
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
            String message = e.getMessage();
            return new ProbeResult(false, "request failed: "
                    + (message == null || message.isBlank() ? e.getClass().getSimpleName() : message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(false, "interrupted");
        }
    }
}
