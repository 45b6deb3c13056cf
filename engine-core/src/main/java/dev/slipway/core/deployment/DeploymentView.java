package dev.slipway.core.deployment;

import java.time.Instant;
import java.util.List;

/**
 * Read model of a deployment.
 *
 * @param id              the deployment id
 * @param applicationId   the application it deploys
 * @param applicationName the application's name
 * @param ref             the requested ref
 * @param commit          the commit the ref resolved to, or null before that step
 * @param status          the deployment's state
 * @param failedStep      the step that failed or was cancelled, or null
 * @param reason          why it failed, who cancelled it, or why it waits while QUEUED; null otherwise
 * @param url             the loopback address of its container, or null
 * @param containerId     its container, or null
 * @param imageId         its image, or null
 * @param requestedBy     who requested it
 * @param requestedAt     when it was requested
 * @param finishedAt      when it succeeded, failed or was cancelled, or null
 * @param steps           the steps that ran, in order
 * @param rollbackOf      the earlier deployment whose image this deployment starts again, or null when it builds
 *                        its own image
 * @param teamId          the team of its application, or null for deployments requested before applications had
 *                        teams
 * @param image           the tag of the image built for it, or null before that step
 */
public record DeploymentView(String id, String applicationId, String applicationName, String ref, String commit,
                             DeploymentStatus status, DeploymentStep failedStep, String reason, String url,
                             String containerId, String imageId, String requestedBy, Instant requestedAt,
                             Instant finishedAt, List<StepView> steps, String rollbackOf, String teamId,
                             String image) {

    public DeploymentView {
        steps = List.copyOf(steps);
    }

    /** Creates the view of a deployment with a team, before its image is built. */
    public DeploymentView(String id, String applicationId, String applicationName, String ref, String commit,
                          DeploymentStatus status, DeploymentStep failedStep, String reason, String url,
                          String containerId, String imageId, String requestedBy, Instant requestedAt,
                          Instant finishedAt, List<StepView> steps, String rollbackOf, String teamId) {
        this(id, applicationId, applicationName, ref, commit, status, failedStep, reason, url, containerId, imageId,
                requestedBy, requestedAt, finishedAt, steps, rollbackOf, teamId, null);
    }

    /** Creates the view of a deployment that builds its own image, before the image is built. */
    public DeploymentView(String id, String applicationId, String applicationName, String ref, String commit,
                          DeploymentStatus status, DeploymentStep failedStep, String reason, String url,
                          String containerId, String imageId, String requestedBy, Instant requestedAt,
                          Instant finishedAt, List<StepView> steps) {
        this(id, applicationId, applicationName, ref, commit, status, failedStep, reason, url, containerId, imageId,
                requestedBy, requestedAt, finishedAt, steps, null);
    }

    /** Creates the view of a deployment without a team, before its image is built. */
    public DeploymentView(String id, String applicationId, String applicationName, String ref, String commit,
                          DeploymentStatus status, DeploymentStep failedStep, String reason, String url,
                          String containerId, String imageId, String requestedBy, Instant requestedAt,
                          Instant finishedAt, List<StepView> steps, String rollbackOf) {
        this(id, applicationId, applicationName, ref, commit, status, failedStep, reason, url, containerId, imageId,
                requestedBy, requestedAt, finishedAt, steps, rollbackOf, null, null);
    }

    /** Returns a copy of this view with the tag of the image built for it. */
    public DeploymentView withImage(String imageTag) {
        return new DeploymentView(id, applicationId, applicationName, ref, commit, status, failedStep, reason, url,
                containerId, imageId, requestedBy, requestedAt, finishedAt, steps, rollbackOf, teamId, imageTag);
    }
}
