package dev.slipway.web;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.messaging.HandlerExecutionException;

/** Unwraps the exceptions that Axon and futures put around the exception a handler threw. */
final class EngineFailures {

    private static final int MAX_DEPTH = 16;

    private EngineFailures() {
    }

    /**
     * Returns the exception a command or query handler threw. {@code CommandExecutionException},
     * {@code QueryExecutionException}, {@code CompletionException} and {@code ExecutionException} are removed as long
     * as they carry a cause.
     */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < MAX_DEPTH && isWrapper(current) && current.getCause() != null; depth++) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable failure) {
        return failure instanceof HandlerExecutionException
                || failure instanceof CompletionException
                || failure instanceof ExecutionException;
    }
}
