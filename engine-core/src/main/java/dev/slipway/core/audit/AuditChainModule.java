package dev.slipway.core.audit;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.lifecycle.Phase;

/**
 * Registers the audit chain with an Axon {@link Configurer}. It creates the chain's tables when Axon starts, before
 * the event processors, and appends every event in one of two ways:
 *
 * <ul>
 *   <li>By default, right after the event commits: a tracking event processor of its own follows the event stream
 *       and chains up to {@link #BATCH_SIZE} events per transaction. A command does not append to the chain, so it
 *       neither waits for the chain's head row nor fails when the chain cannot be appended. An event that cannot be
 *       chained stays pending, and the processor retries it with a growing pause until it can.</li>
 *   <li>In fail-closed mode, inside the transaction that stores the event, on a subscribing processor: a command
 *       whose event cannot be chained fails, and nothing it did is stored. Each writer locks the head row from its
 *       append until its transaction ends, so writes to the event store happen one at a time.</li>
 * </ul>
 *
 * <p>NOTE: the follower chains every row that appears in the event stream, so a row that someone with write access
 * to the database inserts into the event table after the chain's end is chained as if the engine had stored it. In
 * fail-closed mode such a row stays unchained and verification reports it.
 */
public final class AuditChainModule implements ConfigurerModule {

    /** Name of the event processor that appends to the chain, in both modes. */
    public static final String PROCESSING_GROUP = "slipway-audit-chain";
    /** Maximum number of events that the follower chains in one transaction. */
    static final int BATCH_SIZE = 200;
    /**
     * How long the follower waits after a batch smaller than {@link #BATCH_SIZE} before it takes the next one, so
     * that events committed meanwhile share a transaction. It bounds how far the chain trails a steady stream of
     * commands; the first event after a quiet spell is chained without waiting.
     */
    static final Duration BATCH_WINDOW = Duration.ofMillis(20);

    private final AuditChain chain;
    private final boolean failClosed;

    /**
     * Creates the module.
     *
     * @param chain      the chain to append to
     * @param failClosed whether an event that cannot be chained fails the command that produced it. Otherwise events
     *                   are chained right after they commit, and one that cannot be chained yet is retried.
     */
    public AuditChainModule(AuditChain chain, boolean failClosed) {
        this.chain = chain;
        this.failClosed = failClosed;
    }

    @Override
    public void configureModule(Configurer configurer) {
        if (failClosed) {
            AuditChainAppender appender = new AuditChainAppender(chain);
            configurer.eventProcessing().registerSubscribingEventProcessor(PROCESSING_GROUP);
            configurer.registerEventHandler(config -> appender);
        } else {
            AuditChainFollower follower = new AuditChainFollower(chain, BATCH_SIZE, BATCH_WINDOW);
            configurer.eventProcessing().registerTrackingEventProcessor(PROCESSING_GROUP,
                    config -> config.eventStore(),
                    config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andBatchSize(BATCH_SIZE)
                            .andInitialTrackingToken(source -> startToken(source.createTailToken())));
            configurer.registerEventHandler(config -> follower);
        }
        configurer.eventProcessing().registerListenerInvocationErrorHandler(PROCESSING_GROUP,
                config -> PropagatingErrorHandler.instance());
        configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1, () -> {
            if (!chain.initialize() && failClosed) {
                throw new AuditException("The audit chain is in fail-closed mode but cannot be kept: the data"
                        + " source has no domain_event_entry table. Use Axon's JPA or JDBC event store.");
            }
        }));
    }

    /**
     * Returns where the follower starts when it has no position yet: after the last chained event, which the chain's
     * start or an earlier fail-closed run chained, or at the start of the stream when nothing is chained.
     */
    private TrackingToken startToken(TrackingToken tail) {
        if (!chain.kept()) {
            return tail;
        }
        OptionalLong last = chain.lastChainedGlobalIndex();
        return last.isPresent() ? GapAwareTrackingToken.newInstance(last.getAsLong(), List.of()) : tail;
    }
}
