package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.ManagedObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, at engine start, the Docker objects with the engine's own engine id that no deployment in progress and
 * no current release owns, such as what a process killed in the middle of a step left behind. The read models
 * decide what is owned, so this runs after they are rebuilt and after {@link DeploymentRecovery}.
 * <ul>
 *   <li>A container stays when its deployment is in progress or is the current release of its application.</li>
 *   <li>An image tag stays when its deployment is in progress, or succeeded and its application exists, because
 *       older releases' images serve rollbacks. An image goes with its last tag. An image without a tag stays only
 *       when a deployment in progress or a succeeded one recorded its id.</li>
 *   <li>A network stays when its application exists and has a current release or a deployment in progress.</li>
 * </ul>
 * Objects of other engine ids are never listed, so never touched. Volumes hold application data and are never
 * removed here. Each removal is logged; a failed removal is logged and skipped.
 */
public final class OrphanRemoval {

    private static final Logger log = LoggerFactory.getLogger(OrphanRemoval.class);

    private OrphanRemoval() {
    }

    /**
     * Removes the engine's objects that nothing owns and returns how many it removed. When the Docker engine cannot
     * be reached, it logs a warning and removes nothing.
     */
    public static int removeOrphans(DeploymentProjection deployments, ApplicationProjection applications,
                                    DeploymentStepRunner runner) {
        ContainerRuntime containers = runner.containers();
        List<ManagedObject> objects;
        try {
            objects = containers.listOwnObjects();
        } catch (RuntimeException e) {
            // The engine starts without a reachable Docker engine; the next start tries again.
            log.warn("engine start unable to list its Docker objects, so none were removed: {}", e.getMessage());
            return 0;
        }
        if (objects.isEmpty()) {
            return 0;
        }
        Set<String> existingApplications = new HashSet<>();
        Set<String> current = new HashSet<>();
        Set<String> servedApplications = new HashSet<>();
        for (ApplicationView application : applications.handle(new FindApplicationsQuery())) {
            existingApplications.add(application.id());
            if (application.currentDeploymentId() != null) {
                current.add(application.currentDeploymentId());
                servedApplications.add(application.id());
            }
        }
        Set<String> inProgress = new HashSet<>();
        Set<String> succeeded = new HashSet<>();
        Set<String> recordedImages = new HashSet<>();
        for (DeploymentView view : deployments.handle(new FindDeploymentsQuery(null))) {
            if (!view.status().isFinal()) {
                inProgress.add(view.id());
            } else if (view.status() == DeploymentStatus.SUCCEEDED
                    && existingApplications.contains(view.applicationId())) {
                // A deleted application's images serve no rollback. Such images remain when the process stopped
                // between the deletion and the removal of what the application ran.
                succeeded.add(view.id());
            } else {
                continue;
            }
            if (view.imageId() != null) {
                recordedImages.add(view.imageId());
            }
        }
        for (DeploymentView view : deployments.handle(new FindDeploymentsQuery(null))) {
            if (!view.status().isFinal()) {
                servedApplications.add(view.applicationId());
            }
        }
        int removed = 0;
        for (ManagedObject object : objects) {
            boolean owned = switch (object.kind()) {
                case CONTAINER -> inProgress.contains(object.deployment()) || current.contains(object.deployment());
                case IMAGE -> untagged(object) ? recordedImages.contains(object.id())
                        : object.deployment() == null || inProgress.contains(object.deployment())
                        || succeeded.contains(object.deployment());
                case NETWORK -> object.application() == null || servedApplications.contains(object.application());
            };
            if (!owned && remove(containers, object)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Returns whether an image has no tag. A build that ran again under the same tag, such as after a transient
     * failure, leaves the earlier image without one, and a build cut off by the engine's stop leaves the image of
     * its last step. Such an image serves no release or rollback unless a deployment recorded its id.
     */
    private static boolean untagged(ManagedObject image) {
        return image.name().equals(image.id());
    }

    private static boolean remove(ContainerRuntime containers, ManagedObject object) {
        try {
            switch (object.kind()) {
                case CONTAINER -> containers.removeContainer(object.id());
                // One image may carry the tags of several deployments, so only the orphan's tag goes.
                case IMAGE -> containers.removeImage(object.name());
                case NETWORK -> containers.removeNetwork(ApplicationId.of(object.application()));
                default -> throw new IllegalStateException("Unknown kind " + object.kind());
            }
            log.info("engine start removed {} [{}] id [{}] of application [{}] deployment [{}]: nothing owns it",
                    object.kind().name().toLowerCase(Locale.ROOT), object.name(), object.id(),
                    object.application(), object.deployment() == null ? "-" : object.deployment());
            return true;
        } catch (RuntimeException e) {
            log.warn("engine start unable to remove {} [{}] id [{}]: {}",
                    object.kind().name().toLowerCase(Locale.ROOT), object.name(), object.id(),
                    e.toString());
            return false;
        }
    }
}
