package dev.slipway.core.storage;

import java.util.function.Supplier;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Transaction manager of the JDBC event storage engine under Spring that runs a read outside any transaction without
 * one, and passes everything else to Spring's transaction manager. Axon wraps every read in a transaction, which cost
 * the reader of new events a JPA entity manager, a {@code BEGIN} and a {@code COMMIT} per read. Under PostgreSQL's
 * default isolation, read committed, each statement sees the same committed rows with or without that transaction.
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
