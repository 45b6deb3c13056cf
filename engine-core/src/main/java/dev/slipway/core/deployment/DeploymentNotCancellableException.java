package dev.slipway.core.deployment;

import dev.slipway.core.SlipwayException;

/** Signals that a deployment cannot be cancelled any more: it ended, or its new release is taking over. */
public class DeploymentNotCancellableException extends SlipwayException {

    public DeploymentNotCancellableException(String message) {
        super(message);
    }
}
