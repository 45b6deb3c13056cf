package dev.slipway.core.deployment;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of a deployment as the read model shows it. Its times are the timestamps of stored events, so a rebuilt
 * read model shows the same values: a step starts when the event before it was stored (the deployment's start, or
 * the previous step's outcome) and ends when its own outcome was stored.
 *
 * @param step           the step
 * @param succeeded      whether it succeeded
 * @param at             when its outcome was recorded, the same as {@code finishedAt}
 * @param detail         what it produced (a commit, an image, an address) or why it failed
 * @param startedAt      when it started
 * @param finishedAt     when it ended
 * @param durationMillis the time from start to end in milliseconds
 */
public record StepView(DeploymentStep step, boolean succeeded, Instant at, String detail, Instant startedAt,
                       Instant finishedAt, long durationMillis) {

    /** Creates a step whose start is unknown, so that it starts and ends at {@code at}. */
    public StepView(DeploymentStep step, boolean succeeded, Instant at, String detail) {
        this(step, succeeded, at, detail, at, at, 0);
    }

    /** Creates a step that ran from {@code startedAt} until {@code finishedAt}. */
    static StepView timed(DeploymentStep step, boolean succeeded, Instant startedAt, Instant finishedAt,
                          String detail) {
        Instant start = startedAt == null || startedAt.isAfter(finishedAt) ? finishedAt : startedAt;
        return new StepView(step, succeeded, finishedAt, detail, start, finishedAt,
                Duration.between(start, finishedAt).toMillis());
    }
}
