package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link KeysetStore} in memory, for tests and for engines whose secrets need not survive a restart. */
public final class InMemoryKeysetStore implements KeysetStore {

    private final Map<ApplicationId, byte[]> keysets = new ConcurrentHashMap<>();
    private final Set<ApplicationId> destroyed = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<byte[]> load(ApplicationId applicationId) {
        return Optional.ofNullable(keysets.get(applicationId)).map(byte[]::clone);
    }

    @Override
    public void save(ApplicationId applicationId, byte[] wrappedKeyset) {
        keysets.put(applicationId, wrappedKeyset.clone());
    }

    @Override
    public void destroy(ApplicationId applicationId) {
        destroyed.add(applicationId);
        keysets.remove(applicationId);
    }

    @Override
    public boolean isDestroyed(ApplicationId applicationId) {
        return destroyed.contains(applicationId);
    }
}
