package dev.slipway.core.access;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Rejects every command whose metadata names no caller, before any handler runs, so that each stored event can say
 * who caused it.
 */
public final class CallerRequiredInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        if (RequestContext.fromMetaData(command.getMetaData()) == null) {
            throw new MissingCallerException(command.getCommandName());
        }
        return interceptorChain.proceed();
    }
}
