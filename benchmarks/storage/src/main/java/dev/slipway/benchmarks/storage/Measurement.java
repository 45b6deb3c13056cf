package dev.slipway.benchmarks.storage;

/**
 * Rates measured on one store.
 *
 * @param store                 the store, as the report names it
 * @param rawAppendsPerSecond   events appended per second straight to the event storage engine
 * @param commandsPerSecond     commands per second through the engine's command gateway
 * @param plainCommandsPerSecond commands per second through Axon alone, on the same storage engine
 * @param rawAppendCpuMillis    CPU time of the calling thread per raw append, in milliseconds
 * @param commandCpuMillis      CPU time of the calling thread per engine command, in milliseconds
 * @param plainCommandCpuMillis CPU time of the calling thread per command through Axon alone, in milliseconds
 */
record Measurement(String store, double rawAppendsPerSecond, double commandsPerSecond, double plainCommandsPerSecond,
                   double rawAppendCpuMillis, double commandCpuMillis, double plainCommandCpuMillis) {

    /** Returns engine commands per second as a fraction of raw appends per second. */
    double ratio() {
        return commandsPerSecond / rawAppendsPerSecond;
    }

    /** Returns commands per second through Axon alone as a fraction of raw appends per second. */
    double plainRatio() {
        return plainCommandsPerSecond / rawAppendsPerSecond;
    }
}
