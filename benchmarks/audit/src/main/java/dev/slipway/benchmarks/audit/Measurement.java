package dev.slipway.benchmarks.audit;

/**
 * The fastest of several timed runs of one operation; the first run also warms up the JIT compiler.
 *
 * @param nanos the time of the fastest run in nanoseconds
 */
record Measurement(long nanos) {

    /** Runs of each operation. On a machine shared with other work, more runs make the fastest one likelier clean. */
    static final int RUNS = 3;

    interface Operation {
        void run() throws Exception;
    }

    /**
     * Times an operation and its baseline in alternation, {@link #RUNS} times each, so both see the same load of
     * other processes, and returns the fastest run of each: the operation first, then the baseline.
     */
    static Measurement[] alternating(Operation operation, Operation baseline) throws Exception {
        long bestOperation = Long.MAX_VALUE;
        long bestBaseline = Long.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            bestBaseline = Math.min(bestBaseline, time(baseline));
            bestOperation = Math.min(bestOperation, time(operation));
        }
        return new Measurement[] {new Measurement(bestOperation), new Measurement(bestBaseline)};
    }

    private static long time(Operation operation) throws Exception {
        System.gc();
        long start = System.nanoTime();
        operation.run();
        return System.nanoTime() - start;
    }

    double seconds() {
        return nanos / 1e9;
    }
}
