package dev.slipway.core;

/**
 * Root of the exceptions the engine raises on purpose. Messages are written for the user who caused the failure
 * and never contain secret values.
 */
public class SlipwayException extends RuntimeException {

    public SlipwayException(String message) {
        super(message);
    }

    public SlipwayException(String message, Throwable cause) {
        super(message, cause);
    }
}
