package dev.slipway.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;

/**
 * Receives a streamed Docker response and keeps the error that ended it for the caller to handle. docker-java's
 * default callback logs every such error with its stack trace at error level, even a container that is simply
 * gone, and this one does not.
 */
abstract class StreamCallback<T> extends ResultCallback.Adapter<T> {

    private volatile Throwable error;

    @Override
    public void onError(Throwable throwable) {
        if (error == null) {
            error = throwable;
        }
        try {
            close();
        } catch (IOException e) {
            // The stream has failed already; closing it only releases the connection.
        }
    }

    /** Returns the error that ended the stream, or {@code null} when it ended normally or is still open. */
    RuntimeException error() {
        Throwable failure = error;
        if (failure == null || failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        return new IllegalStateException(failure.getMessage(), failure);
    }
}
