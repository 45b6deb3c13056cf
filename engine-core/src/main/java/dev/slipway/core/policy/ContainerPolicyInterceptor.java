package dev.slipway.core.policy;

import dev.slipway.core.application.CreateApplicationCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Rejects a command that would create an application whose runtime spec exceeds the container policy, before the
 * handler runs, so no event records it.
 */
public final class ContainerPolicyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final ContainerPolicy policy;

    public ContainerPolicyInterceptor(ContainerPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof CreateApplicationCommand create
                && create.runtime() != null) {
            policy.check(create.runtime());
        }
        return interceptorChain.proceed();
    }
}
