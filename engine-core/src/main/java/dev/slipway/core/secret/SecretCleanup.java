package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationDeletedEvent;
import dev.slipway.core.application.GitCredentialRemovedEvent;
import dev.slipway.core.application.SecretRemovedEvent;
import dev.slipway.core.application.SourceCredential;
import dev.slipway.core.readmodel.LiveReactions;
import java.util.function.Supplier;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Drops the engine's copies of a secret once it is gone. The values of a removed secret or Git credential are no
 * longer masked. A deleted application's values are no longer masked, and its secret files are deleted. Runs on a
 * subscribing processor, so it handles the events this engine process stores.
 */
@ProcessingGroup(LiveReactions.PROCESSING_GROUP)
public final class SecretCleanup {

    private final SecretVault vault;
    private final Supplier<SecretFiles> files;

    /** Creates the handler; a null vault means that no values are masked. */
    public SecretCleanup(SecretVault vault, Supplier<SecretFiles> files) {
        this.vault = vault;
        this.files = files;
    }

    @EventHandler
    void on(SecretRemovedEvent event) {
        if (vault != null) {
            vault.forget(event.applicationId(), event.name().value());
        }
    }

    @EventHandler
    void on(GitCredentialRemovedEvent event) {
        if (vault != null) {
            vault.forget(event.applicationId(), SourceCredential.SECRET_NAME);
        }
    }

    @EventHandler
    void on(ApplicationDeletedEvent event) {
        if (vault != null) {
            vault.forget(event.applicationId());
        }
        files.get().removeApplication(event.applicationId());
    }
}
