package dev.slipway.core.storage;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognizes PostgreSQL's unique-key violation (SQLSTATE 23505) anywhere in a cause chain. Axon then reports a
 * second append of the same aggregate sequence number as a concurrency conflict instead of a storage failure.
 * Axon's own JDBC resolver looks for {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver
 * does not throw.
 */
final class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sqlException && UNIQUE_VIOLATION.equals(sqlException.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
