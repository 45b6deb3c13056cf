package dev.slipway.core.policy;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.CreateApplicationCommand;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Rejects a command that would create an application whose runtime spec exceeds the container policy, before the
 * handler runs, so no event records it. The policy is that of the team named in the command's
 * {@link RequestContext#TEAM} metadata, or the operator's when the command names no team.
 */
public final class ContainerPolicyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final ContainerPolicies policies;

    public ContainerPolicyInterceptor(ContainerPolicy policy) {
        this(new ContainerPolicies(new ContainerPolicies.Rules(policy, false), Map.of()));
    }

    public ContainerPolicyInterceptor(ContainerPolicies policies) {
        this.policies = policies;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof CreateApplicationCommand create
                && create.runtime() != null) {
            Object team = unitOfWork.getMessage().getMetaData().get(RequestContext.TEAM);
            policies.forTeam(team == null ? null : team.toString()).policy().check(create.runtime());
        }
        return interceptorChain.proceed();
    }
}
