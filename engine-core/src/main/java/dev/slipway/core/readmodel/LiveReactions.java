package dev.slipway.core.readmodel;

/**
 * Processing group of the event handlers that act on the events this engine process stores, beside the read models:
 * the secret cleanup, the application removal and the end of deployment logs. One subscribing processor runs them
 * all in the publishing thread, and never during a replay. They share one processor because each processor gives
 * every stored event a unit of work of its own.
 */
public final class LiveReactions {

    /** The processing group name. */
    public static final String PROCESSING_GROUP = "slipway-reactions";

    private LiveReactions() {
    }
}
