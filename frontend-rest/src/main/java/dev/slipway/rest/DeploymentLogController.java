package dev.slipway.rest;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.logs.LogLine;
import dev.slipway.core.logs.LogPage;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.LogStreams;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * Reads a deployment's log: a page of stored lines as JSON, or a server-sent event stream of the stored lines from a
 * position on and then the live lines, ending with an {@code end} event when the deployment ends.
 */
@RestController
class DeploymentLogController {

    /** The maximum number of lines in one page. */
    static final int MAX_LIMIT = 1000;
    /**
     * How long one event stream stays open. A client that is cut off reconnects with {@code Last-Event-ID} and
     * continues after the last line it received.
     */
    static final Duration STREAM_TIMEOUT = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(DeploymentLogController.class);

    private final EngineGateway engine;
    private final DeploymentLogStore logs;
    private final RequestContextResolver contexts;

    DeploymentLogController(EngineGateway engine, DeploymentLogStore logs, RequestContextResolver contexts) {
        this.engine = engine;
        this.logs = logs;
        this.contexts = contexts;
    }

    /** Returns up to {@code limit} lines whose sequence is greater than {@code after}. */
    @GetMapping(path = "/api/deployments/{deploymentId}/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    LogPage read(@PathVariable String deploymentId, @RequestParam(defaultValue = "0") String after,
                 @RequestParam(defaultValue = "500") String limit, HttpServletRequest request) {
        DeploymentId id = DeploymentId.of(deploymentId);
        long position = sequence("after", after);
        int size = limit(limit);
        DeploymentView deployment = engine.findDeployment(id, contexts.resolve(request));
        LogPage page = logs.read(id, position, size);
        boolean ended = page.ended() || deployment.status().isFinal();
        return new LogPage(page.lines(), page.lastSequence(), ended);
    }

    /**
     * Streams the lines after {@code Last-Event-ID}, else after {@code since}, else from the start, then the live
     * lines. Each line is a {@code line} event whose id is its sequence; an {@code end} event closes the stream.
     */
    @GetMapping(path = "/api/deployments/{deploymentId}/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String deploymentId, @RequestParam(required = false) String since,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      HttpServletRequest request) {
        DeploymentId id = DeploymentId.of(deploymentId);
        long position = lastEventId != null ? sequence("Last-Event-ID", lastEventId)
                : since != null ? sequence("since", since) : 0;
        DeploymentView deployment = engine.findDeployment(id, contexts.resolve(request));

        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Disposable subscription = LogStreams.follow(logs, id, position, deployment.status().isFinal())
                .publishOn(Schedulers.boundedElastic())
                .subscribe(line -> send(emitter, id, line), error -> fail(emitter, id, error),
                        () -> end(emitter, id));
        emitter.onCompletion(subscription::dispose);
        emitter.onTimeout(subscription::dispose);
        emitter.onError(error -> subscription.dispose());
        return emitter;
    }

    private static void send(SseEmitter emitter, DeploymentId id, LogLine line) {
        try {
            emitter.send(SseEmitter.event().id(Long.toString(line.sequence())).name("line")
                    .data(line, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            log.debug("deployment [{}] log stream closed by the client: {}", id, e.toString());
            emitter.completeWithError(e);
        }
    }

    private static void end(SseEmitter emitter, DeploymentId id) {
        try {
            emitter.send(SseEmitter.event().name("end").data(Map.of("deploymentId", id.toString()),
                    MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            log.debug("deployment [{}] log stream closed by the client before its end: {}", id, e.toString());
        }
    }

    private static void fail(SseEmitter emitter, DeploymentId id, Throwable error) {
        log.warn("deployment [{}] log stream failed: {}", id, error.toString());
        emitter.completeWithError(error);
    }

    private static long sequence(String field, String value) {
        try {
            long sequence = Long.parseLong(value.trim());
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // Falls through to the rejection below.
        }
        throw new InvalidInputException(field, "must be a line sequence number, 0 or more", value);
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Falls through to the rejection below.
        }
        throw new InvalidInputException("limit", "must be a whole number from 1 to " + MAX_LIMIT, value);
    }
}
