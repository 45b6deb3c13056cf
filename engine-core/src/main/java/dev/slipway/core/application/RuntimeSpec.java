package dev.slipway.core.application;

import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.spec.InvalidInputException;

/**
 * How an application's container runs.
 *
 * @param containerPort the TCP port the application listens on inside its container
 * @param healthCheck   the HTTP check a new container must pass before it takes over
 * @param limits        memory, CPU and process limits
 */
public record RuntimeSpec(int containerPort, HttpHealthCheck healthCheck, ResourceLimits limits) {

    public RuntimeSpec {
        if (containerPort < 1 || containerPort > 65535) {
            throw new InvalidInputException("containerPort", "must be a TCP port from 1 to 65535",
                    Integer.toString(containerPort));
        }
        healthCheck = healthCheck == null ? HttpHealthCheck.of("/") : healthCheck;
        limits = limits == null ? ResourceLimits.DEFAULT : limits;
    }
}
