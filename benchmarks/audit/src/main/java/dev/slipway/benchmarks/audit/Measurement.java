package dev.slipway.benchmarks.audit;

/**
 * The faster of two timed runs of one operation; the first run also warms up the JIT compiler.
 *
 * @param nanos the time of the faster run in nanoseconds
 */
record Measurement(long nanos) {

    interface Operation {
        void run() throws Exception;
    }

    static Measurement best(Operation operation) throws Exception {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 2; run++) {
            System.gc();
            long start = System.nanoTime();
            operation.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return new Measurement(best);
    }

    double seconds() {
        return nanos / 1e9;
    }
}
