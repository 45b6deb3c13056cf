package dev.slipway.core.application;

import java.time.Instant;

/**
 * Read model of an application.
 *
 * @param id                  the application id
 * @param name                the application name
 * @param repositoryUrl       the Git repository
 * @param ref                 the ref deployed by default
 * @param buildContext        the build context inside the repository
 * @param dockerfile          the Dockerfile, relative to the build context
 * @param containerPort       the port the application listens on inside its container
 * @param healthCheckPath     the path of its HTTP health check
 * @param serverId            the server it runs on
 * @param currentDeploymentId the deployment whose container serves it, or null before the first success
 * @param currentCommit       the commit that serves it, or null
 * @param url                 the loopback address at which it answers, or null
 * @param createdAt           when it was created
 * @param createdBy           who created it
 * @param teamId              the team it belongs to, the unassigned team for applications created before they
 *                            had teams, or null when its creation event names none
 * @param runtime             the runtime settings of its container
 * @param currentImageId      the Docker image of the container that serves it, or null before the first success
 * @param webhook             whether it has a push webhook; its secret is never part of the view
 */
public record ApplicationView(String id, String name, String repositoryUrl, String ref, String buildContext,
                              String dockerfile, int containerPort, String healthCheckPath, String serverId,
                              String currentDeploymentId, String currentCommit, String url, Instant createdAt,
                              String createdBy, String teamId, RuntimeSettingsView runtime,
                              String currentImageId, boolean webhook) {

    /** Creates the view of an application without a push webhook. */
    public ApplicationView(String id, String name, String repositoryUrl, String ref, String buildContext,
                           String dockerfile, int containerPort, String healthCheckPath, String serverId,
                           String currentDeploymentId, String currentCommit, String url, Instant createdAt,
                           String createdBy, String teamId, RuntimeSettingsView runtime, String currentImageId) {
        this(id, name, repositoryUrl, ref, buildContext, dockerfile, containerPort, healthCheckPath, serverId,
                currentDeploymentId, currentCommit, url, createdAt, createdBy, teamId, runtime, currentImageId, false);
    }

    /** Returns a copy of this view that shows whether the application has a push webhook. */
    public ApplicationView withWebhook(boolean hasWebhook) {
        return new ApplicationView(id, name, repositoryUrl, ref, buildContext, dockerfile, containerPort,
                healthCheckPath, serverId, currentDeploymentId, currentCommit, url, createdAt, createdBy, teamId,
                runtime, currentImageId, hasWebhook);
    }

    /** Creates the view of an application without a team, runtime settings or image. */
    public ApplicationView(String id, String name, String repositoryUrl, String ref, String buildContext,
                           String dockerfile, int containerPort, String healthCheckPath, String serverId,
                           String currentDeploymentId, String currentCommit, String url, Instant createdAt,
                           String createdBy) {
        this(id, name, repositoryUrl, ref, buildContext, dockerfile, containerPort, healthCheckPath, serverId,
                currentDeploymentId, currentCommit, url, createdAt, createdBy, null, null, null);
    }
}
