package dev.slipway.core.policy;

import dev.slipway.core.runtime.StepFailedException;

/** Signals that the engine refused to connect to an address that the outbound-address policy does not allow. */
public class OutboundAddressRefusedException extends StepFailedException {

    public OutboundAddressRefusedException(String message) {
        super(message);
    }
}
