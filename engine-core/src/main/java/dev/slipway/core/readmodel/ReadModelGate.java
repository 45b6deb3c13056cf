package dev.slipway.core.readmodel;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Holds live events back from the read models while a replay rebuilds them, so that no event is applied to a
 * half-cleared read model.
 */
public final class ReadModelGate implements MessageHandlerInterceptor<EventMessage<?>> {

    private final ReadWriteLock lock = new ReentrantReadWriteLock(true);

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        lock.readLock().lock();
        try {
            return interceptorChain.proceed();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code work}, which applies events to the read models, unless a replay runs: then it waits for it. */
    public void openWhile(Runnable work) {
        lock.readLock().lock();
        try {
            work.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code work} while no live event reaches a read model. */
    void closedWhile(Runnable work) {
        lock.writeLock().lock();
        try {
            work.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
