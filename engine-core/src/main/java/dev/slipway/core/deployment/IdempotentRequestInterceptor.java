package dev.slipway.core.deployment;

import dev.slipway.core.application.RequestDeploymentCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Returns the deployment of an earlier request when a {@link RequestDeploymentCommand} repeats its idempotency key,
 * before the application's handler runs, so that no second deployment starts. Requests that arrive at the same
 * moment race for the key in {@link DeploymentRequestKeys}, and exactly one of them wins it. A request whose handler
 * fails releases its key.
 * <p>
 * NOTE: a request that loses the race returns at once, so for a moment its caller can hold the id of a deployment
 * that the read model does not show yet.
 */
public final class IdempotentRequestInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final DeploymentRequestKeys requestKeys;

    public IdempotentRequestInterceptor(DeploymentRequestKeys requestKeys) {
        this.requestKeys = requestKeys;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof RequestDeploymentCommand command
                && command.idempotencyKey() != null) {
            DeploymentId claimed = requestKeys.claim(command.applicationId(), command.idempotencyKey(),
                    command.deploymentId());
            if (!claimed.equals(command.deploymentId())) {
                return claimed;
            }
        }
        return interceptorChain.proceed();
    }
}
