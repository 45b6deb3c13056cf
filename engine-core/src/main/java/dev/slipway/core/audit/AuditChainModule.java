package dev.slipway.core.audit;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.lifecycle.Phase;

/**
 * Registers the audit chain with an Axon {@link Configurer}: it creates the chain's tables when Axon starts, before
 * the engine sends its first command, and appends every event on a subscribing processor of its own.
 */
public final class AuditChainModule implements ConfigurerModule {

    private final AuditChain chain;
    private final boolean failClosed;

    /**
     * Creates the module.
     *
     * @param chain      the chain to append to
     * @param failClosed whether an event that cannot be chained fails the command that produced it; otherwise the
     *                   event is stored, an error is logged and verification reports the event as unchained
     */
    public AuditChainModule(AuditChain chain, boolean failClosed) {
        this.chain = chain;
        this.failClosed = failClosed;
    }

    @Override
    public void configureModule(Configurer configurer) {
        AuditChainAppender appender = new AuditChainAppender(chain, failClosed);
        configurer.eventProcessing()
                .registerSubscribingEventProcessor(AuditChainAppender.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(AuditChainAppender.PROCESSING_GROUP,
                        config -> PropagatingErrorHandler.instance());
        configurer.registerEventHandler(config -> appender);
        configurer.onInitialize(config -> config.onStart(Phase.INSTRUCTION_COMPONENTS, () -> {
            if (!chain.initialize() && failClosed) {
                throw new AuditException("The audit chain is in fail-closed mode but cannot be kept: the data"
                        + " source has no domain_event_entry table. Use Axon's JPA or JDBC event store.");
            }
        }));
    }
}
