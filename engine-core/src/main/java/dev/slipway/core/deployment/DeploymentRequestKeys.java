package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Index of the idempotency keys of deployment requests, per application. A claim made while handling a command is
 * released again when that command's unit of work rolls back; the deployment read model fills the index from the
 * event store when it is rebuilt.
 * <p>
 * NOTE: the index lives in the memory of one engine process. Engine nodes that share an event store do not see
 * each other's claims, so the same key sent to two nodes at once can start two deployments.
 */
public final class DeploymentRequestKeys {

    private final Map<Key, DeploymentId> deployments = new ConcurrentHashMap<>();

    /**
     * Claims a key for a new deployment, atomically.
     *
     * @return {@code candidate} when the key was free, else the deployment that claimed it first
     */
    public DeploymentId claim(ApplicationId applicationId, IdempotencyKey key, DeploymentId candidate) {
        Key entry = new Key(applicationId, key);
        DeploymentId owner = deployments.putIfAbsent(entry, candidate);
        if (owner != null) {
            return owner;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onRollback(unitOfWork -> deployments.remove(entry, candidate));
        }
        return candidate;
    }

    /** Records a key that the event store already holds. */
    void record(ApplicationId applicationId, IdempotencyKey key, DeploymentId deploymentId) {
        deployments.put(new Key(applicationId, key), deploymentId);
    }

    void clear() {
        deployments.clear();
    }

    private record Key(ApplicationId applicationId, IdempotencyKey key) {
    }
}
