package dev.slipway.docker;

import dev.slipway.core.policy.ContainerPolicy;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CapabilityName;

/**
 * Checks the part of a container request that no policy can loosen, right before Docker receives it, so that a request
 * built without the engine's command checks (by an embedding application, say) still cannot reach the host.
 * The settings that Docker would otherwise take from the request (privileged mode, namespaces, devices, binds) are
 * never read from it: {@link ContainerLauncher} sets them to fixed values.
 */
final class ContainerFloor {

    private ContainerFloor() {
    }

    static void requireWithin(ContainerRequest request) {
        for (CapabilityName capability : request.capabilities()) {
            if (ContainerPolicy.FORBIDDEN_CAPABILITIES.contains(capability)) {
                throw new StepFailedException("Unable to start container '" + request.name() + "': capability "
                        + capability + " gives a container control over the host and is never added. Remove it"
                        + " from the application's capabilities.");
            }
        }
        // Application networks are always named by ApplicationNetworks, so this also excludes 'host', 'none',
        // 'bridge' and 'container:<id>'.
        if (request.network() == null || !request.network().startsWith(ApplicationNetworks.NAME_PREFIX)) {
            throw new StepFailedException("Unable to start container '" + request.name() + "': network '"
                    + request.network() + "' is not an application network. Deploy again so the engine creates"
                    + " the application's own network.");
        }
    }
}
