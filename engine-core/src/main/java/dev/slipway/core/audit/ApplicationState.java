package dev.slipway.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An application as it stood at one point of the event stream, computed from the stored events alone.
 *
 * @param applicationId       the application id
 * @param name                the application name
 * @param repositoryUrl       the Git repository
 * @param ref                 the ref deployed by default
 * @param containerPort       the port the application listens on inside its container
 * @param environment         the environment variables of its container, by name
 * @param buildArguments      the build arguments of its image, by name
 * @param secretNames         the names of its secrets, sorted; their values are never part of this state
 * @param gitCredential       the kind of its Git credential, {@code HTTPS_TOKEN} or {@code SSH_KEY}, or null without
 *                            one. The credential itself is never part of this state.
 * @param keptImages          how many successful images it keeps, or null for the engine's default
 * @param currentDeploymentId the deployment whose container served it, or null before the first release
 * @param deployedCommit      the commit that served it, or null
 * @param containerId         the Docker container that served it, or null
 * @param url                 the loopback address it served on, or null
 * @param deleted             whether it was deleted. The release fields then show its last release.
 * @param asOfPosition        the global position of the last event applied
 * @param asOfTime            when the last event applied was stored
 */
public record ApplicationState(String applicationId, String name, String repositoryUrl, String ref, int containerPort,
                               Map<String, String> environment, Map<String, String> buildArguments,
                               List<String> secretNames, String gitCredential, Integer keptImages,
                               String currentDeploymentId, String deployedCommit, String containerId, String url,
                               boolean deleted, long asOfPosition, Instant asOfTime) {
}
