package dev.slipway.core.logs;

/**
 * Receives the lines of a deployment's log as they are stored. The store calls it on the thread that appends the
 * line while it holds the deployment's lock, so an implementation must return quickly and never block.
 */
public interface LogListener {

    /** Receives one line, in sequence order. */
    void line(LogLine line);

    /** Signals that the deployment has ended; no call follows. */
    void ended();
}
