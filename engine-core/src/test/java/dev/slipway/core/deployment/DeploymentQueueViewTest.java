package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.time.Instant;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/** The reason that a queued deployment shows while it waits for the deployments before it. */
class DeploymentQueueViewTest {

    private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    private final DeploymentProjection deployments = new DeploymentProjection();
    private final ApplicationId app = ApplicationId.random();
    private final DeploymentId first = requested();
    private final DeploymentId second = requested();
    private final DeploymentId third = requested();

    @Test
    void queueMovesUpWhenRunningOneIsCancelled() {
        deployments.on(new DeploymentAdmittedEvent(first, app, null));
        deployments.on(new DeploymentQueuedEvent(second, app, first, 1));
        deployments.on(new DeploymentQueuedEvent(third, app, first, 2));

        deployments.on(new DeploymentCancelledEvent(first, app, null, "Cancelled by user:alice."), 1, AT);
        deployments.on(new DeploymentAdmittedEvent(second, app, null));

        assertThat(reasonOf(second)).isNull();
        assertThat(reasonOf(third)).isEqualTo("Waiting at position 1 in the queue of application 'web' until"
                + " deployment '" + second + "' ends.");
    }

    @Test
    void queueMovesUpWhenQueuedOneIsCancelled() {
        deployments.on(new DeploymentAdmittedEvent(first, app, null));
        deployments.on(new DeploymentQueuedEvent(second, app, first, 1));
        deployments.on(new DeploymentQueuedEvent(third, app, first, 2));

        deployments.on(new DeploymentCancelledEvent(second, app, null, "Cancelled by user:alice."), 1, AT);

        assertThat(deployments.handle(new FindDeploymentQuery(second)).orElseThrow().status())
                .isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(reasonOf(third)).isEqualTo("Waiting at position 1 in the queue of application 'web' until"
                + " deployment '" + first + "' ends.");
    }

    private DeploymentId requested() {
        DeploymentId deployment = DeploymentId.random();
        deployments.on(new DeploymentRequestedEvent(deployment, app, new ApplicationName("web"),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"), new GitRef("main"), null,
                        null),
                new RuntimeSpec(8080, null, null), ServerId.LOCAL, null, null, null), 0, AT, MetaData.emptyInstance());
        return deployment;
    }

    private String reasonOf(DeploymentId deployment) {
        return deployments.handle(new FindDeploymentQuery(deployment)).orElseThrow().reason();
    }
}
