package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.slipway.core.application.AdmitNextDeploymentCommand;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationNames;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recovery at engine start of a deployment that ended but was never removed from its application's lane. */
class DeploymentRecoveryLaneTest {

    private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    private final DeploymentProjection deployments = new DeploymentProjection();
    private final ApplicationProjection applications = new ApplicationProjection(new ApplicationNames());
    private final DeploymentStepRunner runner = mock(DeploymentStepRunner.class);
    private final CommandGateway gateway = mock(CommandGateway.class);
    private final List<Object> sent = new CopyOnWriteArrayList<>();
    private final ApplicationId app = ApplicationId.random();
    private final DeploymentId deployment = DeploymentId.random();

    @BeforeEach
    void recordCommands() {
        when(gateway.sendAndWait(any())).thenAnswer(invocation -> {
            sent.add(((CommandMessage<?>) invocation.getArgument(0)).getPayload());
            return null;
        });
        deployments.on(new DeploymentRequestedEvent(deployment, app, new ApplicationName("web"),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"), new GitRef("main"), null,
                        null),
                new RuntimeSpec(8080, null, null), ServerId.LOCAL, null, null, null), 0, AT, MetaData.emptyInstance());
        deployments.on(new DeploymentAdmittedEvent(deployment, app, null));
        deployments.on(new DeploymentStartedEvent(deployment, app, null), 1, AT);
    }

    @Test
    void failedHolderRemovedAndLeavesLane() {
        deployments.on(new DeploymentFailedEvent(deployment, app, DeploymentStep.BUILD_IMAGE, "build failed"), 2, AT);

        DeploymentRecovery.endInterrupted(gateway, deployments, applications, runner, id -> true);

        verify(runner).removeInterrupted(any(), any());
        assertThat(sent).containsExactly(new AdmitNextDeploymentCommand(app, deployment));
    }

    @Test
    void succeededHolderRecordsRelease() {
        Release release = new Release(deployment, new CommitSha("0123456789abcdef0123456789abcdef01234567"),
                "sha256:image", "container-1", "web-1", "http://127.0.0.1:30000");
        deployments.on(new DeploymentSucceededEvent(deployment, app, release), 2, AT);

        DeploymentRecovery.endInterrupted(gateway, deployments, applications, runner, id -> true);

        verify(runner, never()).removeInterrupted(any(), any());
        verify(runner).recordRecoveredRelease(app, release);
        assertThat(sent).containsExactly(new AdmitNextDeploymentCommand(app, deployment));
    }

    @Test
    void healthyFirstDeploymentCompletes() {
        deployments.on(new HealthCheckPassedEvent(deployment, app, "200 OK"), 2, AT);

        DeploymentRecovery.endInterrupted(gateway, deployments, applications, runner, id -> true);

        assertThat(sent).containsExactly(new CompleteDeploymentCommand(deployment));
        verify(runner, never()).removeInterrupted(any(), any());
        verify(runner, never()).removePreviousAfterRestart(any(), any(), any(), any());
    }

    @Test
    void healthyDeploymentRejectingCompletionFails() {
        deployments.on(new HealthCheckPassedEvent(deployment, app, "200 OK"), 2, AT);
        doAnswer(invocation -> {
            Object command = ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            if (command instanceof CompleteDeploymentCommand) {
                throw new StepOutOfOrderException(deployment, DeploymentStatus.RUNNING, DeploymentStep.STOP_PREVIOUS,
                        "complete");
            }
            sent.add(command);
            return null;
        }).when(gateway).sendAndWait(any());

        DeploymentRecovery.endInterrupted(gateway, deployments, applications, runner, id -> true);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isInstanceOf(FailDeploymentCommand.class);
        assertThat(((FailDeploymentCommand) sent.get(0)).step()).isEqualTo(DeploymentStep.STOP_PREVIOUS);
        assertThat(sent.get(1)).isEqualTo(new AdmitNextDeploymentCommand(app, deployment));
        verify(runner).removeInterrupted(any(), any());
    }

    @Test
    void healthyDeploymentCompletedBySagaKept() {
        deployments.on(new HealthCheckPassedEvent(deployment, app, "200 OK"), 2, AT);
        Release release = new Release(deployment, new CommitSha("0123456789abcdef0123456789abcdef01234567"),
                "sha256:image", "container-1", "web-1", "http://127.0.0.1:30000");
        doAnswer(invocation -> {
            Object command = ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            sent.add(command);
            if (command instanceof CompleteDeploymentCommand) {
                // The saga, kept by its store across the restart, completed the deployment first.
                deployments.on(new DeploymentSucceededEvent(deployment, app, release), 3, AT);
                throw new StepOutOfOrderException(deployment, DeploymentStatus.SUCCEEDED, null, "complete");
            }
            return null;
        }).when(gateway).sendAndWait(any());

        DeploymentRecovery.endInterrupted(gateway, deployments, applications, runner, id -> true);

        assertThat(sent).noneMatch(FailDeploymentCommand.class::isInstance);
        verify(runner, never()).removeInterrupted(any(), any());
        verify(runner).recordRecoveredRelease(app, release);
    }

    @Test
    void stoppedNodesSucceededHolderRecordsRelease() {
        Release release = new Release(deployment, new CommitSha("0123456789abcdef0123456789abcdef01234567"),
                "sha256:image", "container-1", "web-1", "http://127.0.0.1:30000");
        deployments.on(new DeploymentSucceededEvent(deployment, app, release), 2, AT);

        boolean failed = DeploymentRecovery.endOrphaned(gateway, deployments, applications, runner, deployment,
                null, "node-a");

        assertThat(failed).isFalse();
        verify(runner).recordRecoveredRelease(app, release);
        assertThat(sent).containsExactly(new AdmitNextDeploymentCommand(app, deployment));
    }

    @Test
    void stoppedNodesFailedHolderLeavesLane() {
        deployments.on(new DeploymentFailedEvent(deployment, app, DeploymentStep.BUILD_IMAGE, "build failed"), 2, AT);

        boolean failed = DeploymentRecovery.endOrphaned(gateway, deployments, applications, runner, deployment,
                DeploymentStep.BUILD_IMAGE, "node-a");

        assertThat(failed).isFalse();
        verify(runner).removeInterrupted(any(), any());
        assertThat(sent).containsExactly(new AdmitNextDeploymentCommand(app, deployment));
    }

    @Test
    void stoppedNodesEndedDeploymentLeftAlone() {
        deployments.on(new DeploymentFailedEvent(deployment, app, DeploymentStep.BUILD_IMAGE, "build failed"), 2, AT);
        deployments.on(new DeploymentLaneLeftEvent(deployment, app));

        boolean failed = DeploymentRecovery.endOrphaned(gateway, deployments, applications, runner, deployment,
                DeploymentStep.BUILD_IMAGE, "node-a");

        assertThat(failed).isFalse();
        verify(runner, never()).removeInterrupted(any(), any());
        assertThat(sent).isEmpty();
    }

    @Test
    void holderThatLeftLaneLeftAlone() {
        deployments.on(new DeploymentFailedEvent(deployment, app, DeploymentStep.BUILD_IMAGE, "build failed"), 2, AT);
        deployments.on(new DeploymentLaneLeftEvent(deployment, app));

        DeploymentRecovery.endInterrupted(gateway, deployments, applications, runner, id -> true);

        verify(runner, never()).removeInterrupted(any(), any());
        assertThat(sent).isEmpty();
    }
}
