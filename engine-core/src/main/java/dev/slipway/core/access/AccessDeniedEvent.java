package dev.slipway.core.access;

/**
 * Records that a command or query was denied. The caller, address and correlation id travel as metadata, like on
 * every event.
 *
 * @param messageType  the simple name of the command or query, such as {@code RequestDeploymentCommand}
 * @param resourceType the kind of resource it targeted, such as {@code Application}, or null
 * @param resourceId   the id of that resource, or null
 * @param reason       why it was denied; never a secret
 */
public record AccessDeniedEvent(String messageType, String resourceType, String resourceId, String reason) {
}
