package dev.slipway.core.access;

import dev.slipway.core.SlipwayException;

/**
 * Signals that the caller may see a resource but lacks the role or token scope for what it asked. A resource the
 * caller may not see at all is reported as missing instead, so that its id is not confirmed.
 */
public class AccessDeniedException extends SlipwayException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
