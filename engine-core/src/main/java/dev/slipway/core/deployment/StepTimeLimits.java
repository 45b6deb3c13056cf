package dev.slipway.core.deployment;

import dev.slipway.core.spec.InvalidInputException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The time each deployment step may run before the deployment fails with the step and its limit in the reason. A
 * step's time starts when the saga hands the step to the worker pool, so time spent waiting for a worker thread
 * counts.
 *
 * @param limits the limit of each step; a step without an entry gets its default
 */
public record StepTimeLimits(Map<DeploymentStep, Duration> limits) {

    private static final Map<DeploymentStep, Duration> DEFAULTS = Map.of(
            DeploymentStep.RESOLVE_COMMIT, Duration.ofMinutes(2),
            DeploymentStep.CHECK_OUT, Duration.ofMinutes(10),
            DeploymentStep.BUILD_IMAGE, Duration.ofMinutes(30),
            DeploymentStep.START_CONTAINER, Duration.ofMinutes(2),
            DeploymentStep.HEALTH_CHECK, Duration.ofMinutes(10),
            DeploymentStep.SWITCH_TRAFFIC, Duration.ofMinutes(1),
            DeploymentStep.STOP_PREVIOUS, Duration.ofMinutes(2));

    public StepTimeLimits {
        Map<DeploymentStep, Duration> complete = new EnumMap<>(DEFAULTS);
        if (limits != null) {
            for (Map.Entry<DeploymentStep, Duration> entry : limits.entrySet()) {
                Duration limit = entry.getValue();
                if (entry.getKey() == null || limit == null || limit.isNegative() || limit.isZero()) {
                    throw new InvalidInputException("stepTimeLimits." + entry.getKey(), "must be a positive duration",
                            String.valueOf(limit));
                }
                complete.put(entry.getKey(), limit);
            }
        }
        limits = Collections.unmodifiableMap(complete);
    }

    /**
     * Returns the defaults: 2 minutes to resolve the commit, 10 to check it out, 30 to build the image (the Docker
     * runtime's own build timeout), 2 to start the container, 10 for the health check, 1 to switch traffic and 2 to
     * stop the previous container.
     */
    public static StepTimeLimits defaults() {
        return new StepTimeLimits(Map.of());
    }

    /** Returns a copy in which {@code step} may run for {@code limit}. */
    public StepTimeLimits with(DeploymentStep step, Duration limit) {
        Map<DeploymentStep, Duration> changed = new EnumMap<>(limits);
        changed.put(step, limit);
        return new StepTimeLimits(changed);
    }

    /** Returns the time {@code step} may run. */
    public Duration limit(DeploymentStep step) {
        return limits.get(step);
    }

    /** Formats a limit for a failure reason: {@code 10m}, {@code 90s} or {@code 500ms}. */
    static String format(Duration limit) {
        if (limit.toMillisPart() != 0) {
            return limit.toMillis() + "ms";
        }
        if (limit.toSecondsPart() != 0) {
            return limit.toSeconds() + "s";
        }
        if (limit.toMinutesPart() != 0 || limit.toHours() == 0) {
            return limit.toMinutes() + "m";
        }
        return limit.toHours() + "h";
    }
}
