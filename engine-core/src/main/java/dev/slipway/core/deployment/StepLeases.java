package dev.slipway.core.deployment;

/**
 * Records which engine node runs each deployment that has not ended, so that when a node stops, another node can
 * find the deployments it held and end them. A single engine process needs no record and uses {@link #NONE}.
 */
public interface StepLeases {

    /** Records nothing. */
    StepLeases NONE = new StepLeases() {
        @Override
        public void hold(DeploymentId deploymentId, DeploymentStep step) {
        }

        @Override
        public void release(DeploymentId deploymentId) {
        }
    };

    /**
     * Records that this node runs the deployment, at {@code step}, or before its first step when {@code step} is
     * null. It replaces what another node recorded for the deployment.
     */
    void hold(DeploymentId deploymentId, DeploymentStep step);

    /** Removes the record of a deployment that has ended and whose clean-up has finished. */
    void release(DeploymentId deploymentId);
}
