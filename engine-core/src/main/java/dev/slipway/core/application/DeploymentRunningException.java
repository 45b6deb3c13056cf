package dev.slipway.core.application;

import dev.slipway.core.SlipwayException;

/** Signals that a change must wait until the application's running deployment ends. */
public class DeploymentRunningException extends SlipwayException {

    public DeploymentRunningException(String message) {
        super(message);
    }
}
