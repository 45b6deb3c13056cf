package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One lane per application that lets one deployment run at a time and keeps later requests in the order they
 * arrived. The lane also tracks the release that serves the application, because a deployment that waited in the
 * queue must replace the release of the deployment before it, not the one that served when it was requested.
 * <p>
 * NOTE: the lanes live in the memory of one engine process. After a restart they start empty, and deployments
 * that were queued or running before are ended by {@link DeploymentRecovery}.
 */
final class DeploymentQueue {

    private final Map<ApplicationId, Lane> lanes = new HashMap<>();

    /**
     * Admits a requested deployment: it runs at once when its application's lane is free, else it waits.
     *
     * @param previousRelease the release recorded at request time, used unless the lane has a newer one
     */
    synchronized Admission admit(DeploymentTask task, Release previousRelease) {
        Lane lane = lanes.computeIfAbsent(task.applicationId(), id -> new Lane());
        if (lane.running == null || lane.running.equals(task.deploymentId())) {
            lane.running = task.deploymentId();
            return new Admission(true, lane.releaseOr(previousRelease), null, 0);
        }
        if (lane.waiting.stream().noneMatch(waiting -> waiting.task().deploymentId().equals(task.deploymentId()))) {
            lane.waiting.addLast(new Waiting(task, previousRelease));
        }
        return new Admission(false, null, lane.running, lane.waiting.size());
    }

    /**
     * Removes a deployment that ended, was cancelled or could not start, and returns the next one to start when
     * the ended deployment held the lane.
     *
     * @param release the release the ended deployment brought live, or null when it did not succeed
     */
    synchronized Optional<Next> finish(ApplicationId applicationId, DeploymentId deploymentId, Release release) {
        Lane lane = lanes.get(applicationId);
        if (lane == null) {
            return Optional.empty();
        }
        if (!deploymentId.equals(lane.running)) {
            lane.waiting.removeIf(waiting -> waiting.task().deploymentId().equals(deploymentId));
            return Optional.empty();
        }
        if (release != null) {
            lane.release = release;
        }
        Waiting next = lane.waiting.pollFirst();
        if (next == null) {
            lane.running = null;
            return Optional.empty();
        }
        lane.running = next.task().deploymentId();
        return Optional.of(new Next(next.task(), lane.releaseOr(next.previousRelease())));
    }

    /**
     * Outcome of {@link #admit}.
     *
     * @param runsNow             whether the deployment may start at once
     * @param previousRelease     the release it replaces when it runs now, or null
     * @param runningDeploymentId the deployment it waits for when it does not run now
     * @param position            its place in the queue when it waits, 1 for the next to run
     */
    record Admission(boolean runsNow, Release previousRelease, DeploymentId runningDeploymentId, int position) {
    }

    /** The deployment to start next, with the release it replaces. */
    record Next(DeploymentTask task, Release previousRelease) {
    }

    private record Waiting(DeploymentTask task, Release previousRelease) {
    }

    private static final class Lane {

        private DeploymentId running;
        private Release release;
        private final Deque<Waiting> waiting = new ArrayDeque<>();

        private Release releaseOr(Release requested) {
            return release != null ? release : requested;
        }
    }
}
