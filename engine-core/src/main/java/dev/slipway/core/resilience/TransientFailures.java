package dev.slipway.core.resilience;

import dev.slipway.core.runtime.TransientFailureException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Classifies failures of Git and Docker calls as transient, worth another attempt, or final. User errors such as an
 * unknown ref, a failing build or an invalid setting are final, so they are never retried.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    /**
     * Returns whether {@code failure} may pass by itself: a {@link TransientFailureException} from an adapter, or a
     * refused or reset connection ({@link SocketException}, other than a local {@link BindException}) anywhere in
     * its cause chain. An interrupt anywhere in the chain makes the failure final, because the step was cancelled.
     */
    public static boolean isTransient(Throwable failure) {
        boolean transientCause = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof ClosedByInterruptException
                    || cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
                return false;
            }
            if (cause instanceof TransientFailureException
                    || cause instanceof SocketException && !(cause instanceof BindException)) {
                transientCause = true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return transientCause;
    }
}
