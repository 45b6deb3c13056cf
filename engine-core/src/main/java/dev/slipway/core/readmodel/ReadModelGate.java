package dev.slipway.core.readmodel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds live events, queries and the access checks of commands back from the read models while a replay rebuilds
 * them. So no event is applied to a half-cleared read model, and no query or access check reads one: they wait for
 * the replay and then see the rebuilt state. As a handler interceptor of the query bus it makes each query wait.
 */
public final class ReadModelGate implements MessageHandlerInterceptor<Message<?>> {

    /** How long a replay waits in the queue for the gate before it steps out and tries again. */
    static final Duration CLOSE_ATTEMPT = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(ReadModelGate.class);

    private final ReadWriteLock lock = new ReentrantReadWriteLock(true);

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain interceptorChain)
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

    /** Returns what {@code work} reads from the read models, unless a replay runs: then it waits for it first. */
    public <T> T openWhile(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code work} while no live event, query or access check reaches a read model. While the replay waits for
     * the gate, new readers wait behind it. A reader that waits for another thread's reader, such as an access check
     * that stores its denial on the publisher's thread, would then wait forever. So the replay leaves the queue after
     * {@link #CLOSE_ATTEMPT} and tries again, which lets both readers finish.
     */
    void closedWhile(Runnable work) {
        Lock write = lock.writeLock();
        try {
            while (!write.tryLock(CLOSE_ATTEMPT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("read model replay still waits for readers to leave the read models");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the read model replay waited for the read models", e);
        }
        try {
            work.run();
        } finally {
            write.unlock();
        }
    }
}
