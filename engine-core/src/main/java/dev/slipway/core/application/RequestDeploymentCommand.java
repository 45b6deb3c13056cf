package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.spec.GitRef;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Requests a deployment of an application at its configured ref, or at {@code ref} when that is not null. The
 * handler returns the {@code deploymentId}, or, when {@code idempotencyKey} is not null and an earlier request of
 * the same application carried the same key, the id of that earlier deployment without starting another.
 */
@RequiredRole(Role.DEPLOYER)
public record RequestDeploymentCommand(@TargetAggregateIdentifier ApplicationId applicationId,
                                       DeploymentId deploymentId, GitRef ref, IdempotencyKey idempotencyKey) {

    /** Creates a request without an idempotency key. */
    public RequestDeploymentCommand(ApplicationId applicationId, DeploymentId deploymentId, GitRef ref) {
        this(applicationId, deploymentId, ref, null);
    }
}
