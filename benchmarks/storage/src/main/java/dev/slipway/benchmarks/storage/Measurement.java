package dev.slipway.benchmarks.storage;

/**
 * Rates measured on one store.
 *
 * @param store              the store, as the report names it
 * @param rawAppendsPerSecond events appended per second straight to the event storage engine
 * @param commandsPerSecond  commands per second through the engine's command gateway
 */
record Measurement(String store, double rawAppendsPerSecond, double commandsPerSecond) {

    /** Returns engine commands per second as a fraction of raw appends per second. */
    double ratio() {
        return commandsPerSecond / rawAppendsPerSecond;
    }
}
