package dev.slipway.core.deployment;

/** Finds one deployment by id; the answer is empty when it does not exist. */
public record FindDeploymentQuery(DeploymentId deploymentId) {
}
