package dev.slipway.core.deployment;

import java.time.Instant;

/**
 * One step of a deployment as the read model shows it.
 *
 * @param step      the step
 * @param succeeded whether it succeeded
 * @param at        when its outcome was recorded
 * @param detail    what it produced (a commit, an image, an address) or why it failed
 */
public record StepView(DeploymentStep step, boolean succeeded, Instant at, String detail) {
}
