package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets how many images of its latest releases an application keeps for rollbacks.
 *
 * @param applicationId the application
 * @param keptImages    images to keep, from 1 to {@value #MAX_KEPT_IMAGES}, or null for the engine's default
 */
@RequiredRole(Role.ADMIN)
public record SetImageRetentionCommand(@TargetAggregateIdentifier ApplicationId applicationId,
                                       Integer keptImages) {

    /** Maximum number of kept images per application. */
    public static final int MAX_KEPT_IMAGES = 100;

    public SetImageRetentionCommand {
        if (keptImages != null && (keptImages < 1 || keptImages > MAX_KEPT_IMAGES)) {
            throw new InvalidInputException("keptImages", "must be from 1 to " + MAX_KEPT_IMAGES
                    + ", or empty for the engine's default", keptImages.toString());
        }
    }
}
