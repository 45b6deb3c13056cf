package dev.slipway.core.readmodel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

/**
 * The highest sequence number of each aggregate whose event this node's read models applied, so that they apply the
 * events of one aggregate in order when several engine nodes store them.
 *
 * <p>A node applies its own events when it stores them, and the events of other nodes when it next polls the event
 * store. So when node A stores an aggregate's event 5 and node B stores event 6 before its next poll, node B would
 * apply 6 before 5, and read models that ignore an older sequence number would drop 5. Here node B reads the events
 * that it has not applied from the event store first, and its next poll skips them.
 */
public final class AppliedSequences {

    private static final int STRIPES = 64;

    private final Map<String, Long> highest = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];

    /** Creates an empty record, which the start-up replay fills. */
    public AppliedSequences() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Records an event that a replay applied. The replay holds every other application back, so it takes no lock. */
    void replayed(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent) {
            highest.merge(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber(), Math::max);
        }
    }

    /**
     * Applies an event that this node stores in the running transaction. The events of its aggregate that other
     * nodes stored before it and that this node has not applied yet are applied first.
     *
     * @param event  the event
     * @param apply  applies one event to the read models
     * @param stored returns the stored events of an aggregate from a sequence number on, in order
     */
    void applyOwn(EventMessage<?> event, Consumer<EventMessage<?>> apply,
                  BiFunction<String, Long, Stream<? extends DomainEventMessage<?>>> stored) {
        if (!(event instanceof DomainEventMessage<?> domainEvent)) {
            apply.accept(event);
            return;
        }
        String aggregate = domainEvent.getAggregateIdentifier();
        long sequence = domainEvent.getSequenceNumber();
        synchronized (stripeOf(aggregate)) {
            long applied = highest.getOrDefault(aggregate, -1L);
            if (sequence <= applied) {
                return;
            }
            if (sequence > applied + 1) {
                try (Stream<? extends DomainEventMessage<?>> missing = stored.apply(aggregate, applied + 1)) {
                    missing.takeWhile(earlier -> earlier.getSequenceNumber() < sequence).forEach(apply);
                }
            }
            apply.accept(event);
            highest.put(aggregate, sequence);
        }
    }

    /**
     * Applies an event that another node stored, unless this node already applied it before one of its own.
     *
     * @return whether the event was applied
     */
    public boolean applyOther(EventMessage<?> event, Consumer<EventMessage<?>> apply) {
        if (!(event instanceof DomainEventMessage<?> domainEvent)) {
            apply.accept(event);
            return true;
        }
        String aggregate = domainEvent.getAggregateIdentifier();
        synchronized (stripeOf(aggregate)) {
            if (domainEvent.getSequenceNumber() <= highest.getOrDefault(aggregate, -1L)) {
                return false;
            }
            apply.accept(event);
            highest.put(aggregate, domainEvent.getSequenceNumber());
            return true;
        }
    }

    private Object stripeOf(String aggregate) {
        return stripes[Math.floorMod(aggregate.hashCode(), STRIPES)];
    }
}
