package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.application.RuntimeSettingsView;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.TrafficRoute;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes of the current releases that the engine passes to its traffic router at start. */
class RouteRestorationTest {

    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final CommitSha COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");
    private static final DomainName SHOP = new DomainName("shop.example.test");

    private final List<ApplicationView> views = new ArrayList<>();
    private final ApplicationProjection applications = mock(ApplicationProjection.class);
    private final DeploymentStepRunner runner = mock(DeploymentStepRunner.class);
    private final RecordingRouter router = new RecordingRouter();

    @BeforeEach
    void listViews() {
        when(applications.handle(any(FindApplicationsQuery.class))).thenAnswer(invocation -> List.copyOf(views));
    }

    @Test
    void currentReleaseWithDomainsRestored() {
        ApplicationId shop = create("shop", List.of(SHOP));
        DeploymentId release = release(shop);
        ApplicationId plain = create("plain", List.of());
        release(plain);
        ApplicationId unreleased = create("unreleased", List.of(new DomainName("new.example.test")));
        when(runner.trafficRouter()).thenReturn(router);

        int restored = RouteRestoration.restoreRoutes(applications, runner);

        String container = "shop-" + release.toString().substring(0, 8);
        assertThat(restored).isEqualTo(1);
        assertThat(router.restored).containsExactly(new TrafficRoute(shop, List.of(SHOP), container, 8080));
        assertThat(router.existing).containsExactlyInAnyOrder(shop, plain, unreleased);
    }

    @Test
    void routerFailureLoggedNotThrown() {
        release(create("shop", List.of(SHOP)));
        router.failing = true;
        when(runner.trafficRouter()).thenReturn(router);

        int restored = RouteRestoration.restoreRoutes(applications, runner);

        assertThat(restored).isEqualTo(1);
    }

    @Test
    void disabledRouterGetsNothing() {
        release(create("shop", List.of(SHOP)));
        router.enabled = false;
        when(runner.trafficRouter()).thenReturn(router);

        int restored = RouteRestoration.restoreRoutes(applications, runner);

        assertThat(restored).isZero();
        assertThat(router.restored).isEmpty();
    }

    private ApplicationId create(String name, List<DomainName> domains) {
        ApplicationId application = ApplicationId.random();
        RuntimeSpec runtime = new RuntimeSpec(8080, null, null, null, null, null, null, false, null, domains);
        views.add(new ApplicationView(application.toString(), name, SOURCE.repositoryUrl().toString(), "main", ".",
                "Dockerfile", 8080, "/", ServerId.LOCAL.toString(), null, null, null, Instant.now(), "user:alice",
                null, RuntimeSettingsView.of(runtime), null));
        return application;
    }

    /** Records a current release of the application, as the projection does for a recorded release. */
    private DeploymentId release(ApplicationId application) {
        DeploymentId deployment = DeploymentId.random();
        views.replaceAll(view -> !view.id().equals(application.toString()) ? view : new ApplicationView(view.id(),
                view.name(), view.repositoryUrl(), view.ref(), view.buildContext(), view.dockerfile(),
                view.containerPort(), view.healthCheckPath(), view.serverId(), deployment.toString(),
                COMMIT.value(), "http://127.0.0.1:32768", view.createdAt(), view.createdBy(), view.teamId(),
                view.runtime(), "sha256:1"));
        return deployment;
    }

    /** A router that records the routes it is given, and fails on request. */
    private static final class RecordingRouter implements TrafficRouter {

        private final List<TrafficRoute> restored = new ArrayList<>();
        private final Set<ApplicationId> existing = new HashSet<>();
        private boolean enabled = true;
        private boolean failing;

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        @Override
        public void route(ApplicationId application, List<DomainName> domains, String containerName,
                          int containerPort) {
            throw new UnsupportedOperationException("not used at engine start");
        }

        @Override
        public void removeRoute(ApplicationId application) {
            throw new UnsupportedOperationException("not used at engine start");
        }

        @Override
        public void restoreRoutes(List<TrafficRoute> routes, Set<ApplicationId> applications) {
            if (failing) {
                throw new StepFailedException("proxy did not serve the restored routes");
            }
            restored.addAll(routes);
            existing.addAll(applications);
        }
    }
}
