package dev.slipway.core.application;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.spec.CommitSha;

/**
 * The container that serves an application, with what it was built from.
 *
 * @param deploymentId  the deployment that started it
 * @param commit        the commit it runs
 * @param imageId       the Docker image id
 * @param containerId   the Docker container id
 * @param containerName the Docker container name
 * @param url           the loopback address at which it answers
 */
public record Release(DeploymentId deploymentId, CommitSha commit, String imageId, String containerId,
                      String containerName, String url) {
}
