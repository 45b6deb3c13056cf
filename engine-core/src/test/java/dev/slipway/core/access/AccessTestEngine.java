package dev.slipway.core.access;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.core.team.TeamId;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * A plain-Java engine for authorization tests. Its Git port fails every resolve, so each deployment fails at its
 * first step without Git or Docker. Authorization does not depend on how a deployment ends.
 */
final class AccessTestEngine implements AutoCloseable {

    static final RequestContext ALICE = context(Caller.user("alice"), null);
    static final RequestContext BOB = context(Caller.user("bob"), null);

    final DeploymentEngine engine;

    AccessTestEngine(Path workDirectory, AccessSettings access) {
        SourceRepository unreachable = new SourceRepository() {
            @Override
            public CommitSha resolve(RepositoryUrl url, GitRef ref) {
                throw new StepFailedException("Unable to reach repository '" + url + "': repository not found.");
            }

            @Override
            public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
                throw new AssertionError("checkOut must not run after a failed resolve");
            }
        };
        engine = DeploymentEngine.builder()
                .sourceRepository(unreachable)
                .containerRuntime(idleRuntime())
                .settings(EngineSettings.defaults(workDirectory).withSourcePolicy(new SourcePolicy(false, true))
                        .withAccess(access))
                .masterKey(MasterKey.generate())
                .build()
                .start();
    }

    static RequestContext context(Caller caller, TokenScope scope) {
        return new RequestContext(caller, "192.0.2.20", null, "test-agent", null, scope);
    }

    static RequestContext token(String id, TokenScope scope) {
        return context(new Caller(Caller.Kind.TOKEN, id), scope);
    }

    ApplicationId createApplication(RequestContext context, TeamId team, String name) {
        return engine.createApplication(context, team, new ApplicationName(name), source(),
                new RuntimeSpec(8080, null, null));
    }

    DeploymentView deployAndAwaitEnd(RequestContext context, ApplicationId application) {
        DeploymentId deployment = engine.requestDeployment(context, application, null);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> engine.findDeployment(deployment)
                .map(view -> view.status().isFinal()).orElse(false));
        return engine.findDeployment(deployment).orElseThrow();
    }

    /** Returns every stored event of one aggregate. */
    List<DomainEventMessage<?>> eventsOf(Object aggregateId) {
        try (Stream<? extends DomainEventMessage<?>> events = engine.axonConfiguration().eventStore()
                .readEvents(aggregateId.toString()).asStream()) {
            return events.<DomainEventMessage<?>>map(event -> event).toList();
        }
    }

    static SourceSpec source() {
        return new SourceSpec(RepositoryUrl.parse("file:///nowhere/repo"), new GitRef("main"), null, null);
    }

    private static ContainerRuntime idleRuntime() {
        return (ContainerRuntime) Proxy.newProxyInstance(AccessTestEngine.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class}, (proxy, method, arguments) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == arguments[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "idle runtime";
                    }
                    Class<?> type = method.getReturnType();
                    if (type == boolean.class) {
                        return false;
                    }
                    if (type == List.class) {
                        return List.of();
                    }
                    if (type == void.class) {
                        return null;
                    }
                    throw new AssertionError(method.getName() + " must not run after a failed resolve");
                });
    }

    @Override
    public void close() {
        engine.close();
    }
}
