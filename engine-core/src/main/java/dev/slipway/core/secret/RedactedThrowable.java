package dev.slipway.core.secret;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A copy of an exception chain with secret values masked in every message, for log output. It prints the original
 * class name and keeps the original stack traces, causes and suppressed exceptions.
 */
final class RedactedThrowable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;

    private RedactedThrowable(String originalClassName, String message) {
        super(message);
        this.originalClassName = originalClassName;
    }

    static Throwable of(Throwable original, UnaryOperator<String> redact) {
        return copy(original, redact, new IdentityHashMap<>());
    }

    private static Throwable copy(Throwable original, UnaryOperator<String> redact,
                                  Map<Throwable, Throwable> copies) {
        Throwable existing = copies.get(original);
        if (existing != null) {
            return existing;
        }
        String message = original.getMessage() == null ? null : redact.apply(original.getMessage());
        RedactedThrowable copy = new RedactedThrowable(original.getClass().getName(), message);
        copies.put(original, copy);
        copy.setStackTrace(original.getStackTrace());
        if (original.getCause() != null) {
            copy.initCause(copy(original.getCause(), redact, copies));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, redact, copies));
        }
        return copy;
    }

    /** Returns the class name of the exception that {@code throwable} copies, or its own class name. */
    static String originalClassName(Throwable throwable) {
        return throwable instanceof RedactedThrowable copy ? copy.originalClassName : throwable.getClass().getName();
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
