package dev.slipway.core.storage;

import java.util.function.Supplier;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transaction manager of the JDBC event storage engine under Spring: a read that runs outside any transaction
 * runs without one, and everything else goes to Spring's transaction manager. Axon's engine wraps every read in a
 * transaction. For the thread that reads new events for the tracking processors, which runs outside any transaction,
 * each read then opened a JPA entity manager and sent a {@code BEGIN} and a {@code COMMIT}, for one to three queries
 * that each see the committed rows as they would inside it: PostgreSQL's default isolation, read committed, gives
 * every statement a snapshot of its own. The engine built without Spring reads this way too.
 */
final class TransactionFreeReads implements TransactionManager {

    private final TransactionManager transactions;

    TransactionFreeReads(TransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public Transaction startTransaction() {
        return transactions.startTransaction();
    }

    @Override
    public <T> T fetchInTransaction(Supplier<T> supplier) {
        if (CurrentUnitOfWork.isStarted() || TransactionSynchronizationManager.isActualTransactionActive()) {
            return transactions.fetchInTransaction(supplier);
        }
        return supplier.get();
    }
}
