package dev.slipway.core.application;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a deployment's container now serves the application. Sent by the engine when a deployment succeeds.
 * The handler returns the image ids of the application's latest releases that its image retention keeps, newest
 * first, and the engine removes the application's other images.
 *
 * @param applicationId      the application
 * @param release            the new release
 * @param defaultKeptImages  images to keep when the application sets no retention of its own; at least 1
 */
public record RecordReleaseCommand(@TargetAggregateIdentifier ApplicationId applicationId, Release release,
                                   int defaultKeptImages) {

    /** Images an application keeps when neither it nor the engine sets another number. */
    public static final int DEFAULT_KEPT_IMAGES = 3;

    /** Creates a command that keeps the images of the latest {@value #DEFAULT_KEPT_IMAGES} releases by default. */
    public RecordReleaseCommand(ApplicationId applicationId, Release release) {
        this(applicationId, release, DEFAULT_KEPT_IMAGES);
    }
}
