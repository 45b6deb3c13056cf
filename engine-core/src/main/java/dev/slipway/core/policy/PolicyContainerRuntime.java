package dev.slipway.core.policy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.ManagedObject;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.PortMapping;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the container rules of an application's team to each container right before it starts: a request beyond
 * the team's policy fails the step, and a team that requires a read-only root filesystem gets one. The policy is
 * also checked when an application is created; this second check covers applications created before the operator
 * narrowed the policy. Every other call goes to the wrapped runtime unchanged.
 */
final class PolicyContainerRuntime implements ContainerRuntime {

    private static final Logger log = LoggerFactory.getLogger(PolicyContainerRuntime.class);

    private final ContainerRuntime delegate;
    private final ContainerPolicies policies;
    private final ApplicationTeams teams;

    PolicyContainerRuntime(ContainerRuntime delegate, ContainerPolicies policies, ApplicationTeams teams) {
        this.delegate = delegate;
        this.policies = policies;
        this.teams = teams;
    }

    @Override
    public RunningContainer start(ContainerRequest request) {
        String team = teamOf(request);
        ContainerPolicies.Rules rules = policies.forTeam(team);
        try {
            rules.policy().check(new RuntimeSpec(request.containerPort(), null, request.limits(), request.ports(),
                    request.volumes(), null, request.capabilities(), request.readOnlyRootFilesystem()));
        } catch (InvalidInputException e) {
            throw new StepFailedException("Unable to start container '" + request.name() + "' of team '" + team
                    + "': " + e.getMessage() + ". Change the application's runtime settings, or ask the operator to"
                    + " widen the container policy.");
        }
        ContainerRequest applied = request;
        if (rules.readOnlyRootFilesystem() && !request.readOnlyRootFilesystem()) {
            log.info("container [{}] of team [{}] gets a read-only root filesystem, as the container policy requires",
                    request.name(), team);
            applied = request.withReadOnlyRootFilesystem(true);
        }
        return delegate.start(applied);
    }

    private String teamOf(ContainerRequest request) {
        String applicationId = request.labels().get(EngineLabels.APPLICATION);
        if (applicationId == null) {
            return null;
        }
        return teams.teamOf(ApplicationId.of(applicationId));
    }

    @Override
    public boolean isLocal() {
        return delegate.isLocal();
    }

    @Override
    public String build(BuildRequest request, LogSink output) {
        return delegate.build(request, output);
    }

    @Override
    public String ensureNetwork(ApplicationId application) {
        return delegate.ensureNetwork(application);
    }

    @Override
    public ProbeResult probe(RunningContainer container, HttpHealthCheck check) {
        return delegate.probe(container, check);
    }

    @Override
    public AutoCloseable followLogs(String containerId, LogSink output) {
        return delegate.followLogs(containerId, output);
    }

    @Override
    public List<String> tailLogs(String containerId, int lines) {
        return delegate.tailLogs(containerId, lines);
    }

    @Override
    public void removeContainer(String containerIdOrName) {
        delegate.removeContainer(containerIdOrName);
    }

    @Override
    public void removeImage(String imageId) {
        delegate.removeImage(imageId);
    }

    @Override
    public void removeNetwork(ApplicationId application) {
        delegate.removeNetwork(application);
    }

    @Override
    public boolean containerExists(String containerIdOrName) {
        return delegate.containerExists(containerIdOrName);
    }

    @Override
    public boolean imageExists(String imageIdOrTag) {
        return delegate.imageExists(imageIdOrTag);
    }

    @Override
    public List<String> removeImagesExcept(ApplicationId application, Set<String> keep) {
        return delegate.removeImagesExcept(application, keep);
    }

    @Override
    public List<ManagedObject> listOwnObjects() {
        return delegate.listOwnObjects();
    }

    @Override
    public Optional<String> findPortPublisher(PortMapping mapping, ApplicationId application) {
        return delegate.findPortPublisher(mapping, application);
    }

    @Override
    public void stopContainer(String containerIdOrName) {
        delegate.stopContainer(containerIdOrName);
    }

    @Override
    public void restartContainer(String containerIdOrName) {
        delegate.restartContainer(containerIdOrName);
    }
}
