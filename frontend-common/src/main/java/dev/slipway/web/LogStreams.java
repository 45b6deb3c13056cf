package dev.slipway.web;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.logs.LogLine;
import dev.slipway.core.logs.LogListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/** Turns a deployment's log into a stream of its stored lines followed by its live lines. */
public final class LogStreams {

    private LogStreams() {
    }

    /**
     * Returns the lines after {@code after}, then each new line, completing when the log ends. When the read model
     * shows the deployment as ended already, the stream completes after the stored lines even if the log was never
     * marked as ended, as after an engine crash.
     */
    public static Flux<LogLine> follow(DeploymentLogStore store, DeploymentId deploymentId, long after,
                                       boolean deploymentEnded) {
        return Flux.create(sink -> {
            // The store passes the stored lines before follow returns and buffers nothing, so the sink buffers.
            AutoCloseable handle = store.follow(deploymentId, after, new LogListener() {
                @Override
                public void line(LogLine line) {
                    sink.next(line);
                }

                @Override
                public void ended() {
                    sink.complete();
                }
            });
            sink.onDispose(() -> {
                try {
                    handle.close();
                } catch (Exception e) {
                    sink.error(e);
                }
            });
            if (deploymentEnded) {
                sink.complete();
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }
}
