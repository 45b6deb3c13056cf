package dev.slipway.core.deployment;

import java.time.Duration;

/**
 * Payload of the deadline that limits a running deployment step.
 *
 * @param step  the step the deadline was set for
 * @param limit the time the step may run
 */
record StepDeadline(DeploymentStep step, Duration limit) {
}
