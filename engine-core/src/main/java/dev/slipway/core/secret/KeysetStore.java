package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationId;
import java.util.Optional;

/**
 * Storage of the wrapped data keysets, one per application. It lives outside the event store on purpose: events
 * cannot be changed, but a keyset must be destroyable so that deleting an application makes its secrets
 * unreadable.
 */
public interface KeysetStore {

    /** Returns the wrapped keyset of an application, or empty when it has none or it was destroyed. */
    Optional<byte[]> load(ApplicationId applicationId);

    /** Stores the wrapped keyset of an application, replacing the previous one. */
    void save(ApplicationId applicationId, byte[] wrappedKeyset);

    /**
     * Stores the wrapped keyset of an application that has none yet. Returns false, storing nothing, when the
     * application already has one, which another engine process sharing the store may have created at the same
     * moment. This default is not atomic, so stores that several processes share override it.
     */
    default boolean saveNew(ApplicationId applicationId, byte[] wrappedKeyset) {
        if (load(applicationId).isPresent()) {
            return false;
        }
        save(applicationId, wrappedKeyset);
        return true;
    }

    /** Destroys the keyset of an application and remembers that it was destroyed. */
    void destroy(ApplicationId applicationId);

    /** Returns whether the keyset of an application was destroyed. */
    boolean isDestroyed(ApplicationId applicationId);
}
