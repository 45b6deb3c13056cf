package dev.slipway.core.access;

import static org.axonframework.eventhandling.GenericEventMessage.asEventMessage;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every denied command or query and stores an {@link AccessDeniedEvent} for the audit log. The event is
 * published on a thread of its own, outside the unit of work of the denied message, because that unit of work rolls
 * back and would discard it. The caller waits until the event is stored.
 */
public final class AccessDenials implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessDenials.class);

    private final Supplier<EventBus> eventBus;
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slipway-access-denials");
        thread.setDaemon(true);
        return thread;
    });

    public AccessDenials(Supplier<EventBus> eventBus) {
        this.eventBus = eventBus;
    }

    /** Logs the denial at warn level and stores it as an event with the caller's context. */
    public void record(RequestContext context, Object message, String resourceType, Object resourceId,
                       String reason) {
        String messageType = message.getClass().getSimpleName();
        String id = resourceId == null ? null : resourceId.toString();
        log.warn("access denied: caller [{}] message [{}] {} [{}] request [{}]: {}", context.caller(), messageType,
                resourceType, id, context.correlationId(), reason);
        AccessDeniedEvent event = new AccessDeniedEvent(messageType, resourceType, id, reason);
        Future<?> stored = publisher.submit(() -> eventBus.get().publish(
                asEventMessage(event).andMetaData(context.toMetaData())));
        try {
            stored.get();
        } catch (ExecutionException e) {
            log.error("access denial of request [{}] could not be stored in the audit log", context.correlationId(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted while storing the access denial of request [{}]", context.correlationId());
        }
    }

    @Override
    public void close() {
        publisher.shutdownNow();
    }
}
