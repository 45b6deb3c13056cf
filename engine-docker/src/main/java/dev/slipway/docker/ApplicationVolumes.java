package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a request's named volumes into Docker volume mounts. Each volume is a Docker volume named
 * {@code slipway-<application id>-<name>}, created with the engine's labels when missing, so two applications never
 * share one and no mount can name a host path. The labels include the engine id, so an operator can select one
 * engine's volumes. The engine never removes a named volume, and orphan removal does not list them.
 */
final class ApplicationVolumes {

    private final DockerClient api;
    private final DockerFailures failures;
    private final String engineId;

    ApplicationVolumes(DockerClient api, DockerFailures failures, String engineId) {
        this.api = api;
        this.failures = failures;
        this.engineId = engineId;
    }

    /** Returns the Docker name of an application's volume. */
    static String dockerName(String applicationId, VolumeMount volume) {
        return "slipway-" + applicationId + "-" + volume.name().value();
    }

    List<Mount> prepare(ContainerRequest request) {
        if (request.volumes().isEmpty()) {
            return List.of();
        }
        String application = request.labels().get(EngineLabels.APPLICATION);
        if (application == null) {
            throw new StepFailedException("Unable to start container '" + request.name() + "': the request names"
                    + " no application, so its volumes cannot be found. Deploy through the engine.");
        }
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount volume : request.volumes()) {
            String name = dockerName(application, volume);
            ensure(request, application, name);
            mounts.add(new Mount().withType(MountType.VOLUME).withSource(name)
                    .withTarget(volume.target().value()).withReadOnly(volume.readOnly()));
        }
        return mounts;
    }

    private void ensure(ContainerRequest request, String application, String name) {
        try {
            InspectVolumeResponse existing = api.inspectVolumeCmd(name).exec();
            Map<String, String> labels = existing.getLabels();
            if (labels == null || !application.equals(labels.get(EngineLabels.APPLICATION))) {
                throw new StepFailedException("Unable to start container '" + request.name() + "': volume '" + name
                        + "' exists but the engine did not create it for this application. Remove or rename it.");
            }
            return;
        } catch (NotFoundException e) {
            // Created below.
        } catch (StepFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failures.failure("inspect volume '" + name + "'", e, "Check the Docker engine.");
        }
        try {
            api.createVolumeCmd().withName(name).withLabels(Map.of(EngineLabels.MANAGED, "true",
                    EngineLabels.APPLICATION, application, EngineLabels.ENGINE, engineId)).exec();
            ChangeLog.record("created", "volume", name, name, Map.of(EngineLabels.APPLICATION, application));
        } catch (RuntimeException e) {
            throw failures.failure("create volume '" + name + "'", e, "Check the Docker engine.");
        }
    }
}
