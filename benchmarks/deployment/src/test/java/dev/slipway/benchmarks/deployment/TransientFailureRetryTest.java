package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries of transient Git and Docker failures against the real Docker engine and a real Git repository. The real
 * Docker engine cannot reset a connection on cue, so a decorator throws connection resets before it hands calls to
 * the real runtime.
 */
class TransientFailureRetryTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger startCalls = new AtomicInteger();
    private final AtomicInteger resolveCalls = new AtomicInteger();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private DeploymentEngine engine;
    private ApplicationId application;
    private int resetsBeforeStart;

    @BeforeEach
    void startEngine() throws Exception {
        docker = LocalDocker.connect();
        RepositoryUrl repository = RepositoryUrl.parse("file://" + SampleRepository.create(temp, 1));
        runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
        engine = DeploymentEngine.builder()
                .sourceRepository(new CountingSource(new JGitSourceRepository()))
                .containerRuntime(new ResettingRuntime(runtime))
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .build()
                .start();
        ApplicationName name = new ApplicationName("retry-" + Long.toHexString(System.nanoTime()));
        application = engine.createApplication(ALICE, name, new SourceSpec(repository, new GitRef("main"), null, null),
                new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
    }

    @AfterEach
    void removeEverything() throws Exception {
        engine.close();
        runtime.close();
        LocalDocker.removeApplication(docker, application.toString());
        docker.close();
    }

    @Test
    void startAfterTwoResetsSucceeds() throws Exception {
        resetsBeforeStart = 2;

        DeploymentView view = awaitEnd(engine.requestDeployment(ALICE, application, null));

        assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(startCalls).hasValue(3);
        assertThat(get(view.url() + "/health")).isEqualTo(200);
        assertThat(LocalDocker.containers(docker, EngineLabels.DEPLOYMENT, view.id())).hasSize(1);
    }

    @Test
    void startResetEveryTimeFailsWithAttempts() {
        resetsBeforeStart = Integer.MAX_VALUE;

        DeploymentId deployment = engine.requestDeployment(ALICE, application, null);
        DeploymentView view = awaitEnd(deployment);

        assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(view.failedStep()).isEqualTo(DeploymentStep.START_CONTAINER);
        assertThat(view.reason()).contains("after 3 attempts");
        assertThat(view.reason()).contains("Connection reset");
        assertThat(startCalls).hasValue(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> LocalDocker.containers(docker, EngineLabels.DEPLOYMENT,
                deployment.toString()).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> LocalDocker.images(docker, EngineLabels.DEPLOYMENT,
                deployment.toString()).isEmpty());
    }

    @Test
    void unknownRefIsNotRetried() {
        DeploymentView view = awaitEnd(engine.requestDeployment(ALICE, application, new GitRef("no-such-branch")));

        assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(view.failedStep()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
        assertThat(view.reason()).contains("no-such-branch").doesNotContain("attempts");
        assertThat(resolveCalls).hasValue(1);
        assertThat(startCalls).hasValue(0);
    }

    private DeploymentView awaitEnd(DeploymentId deployment) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.findDeployment(deployment).map(view -> view.status().isFinal()).orElse(false));
        return engine.findDeployment(deployment).orElseThrow();
    }

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Counts ref resolutions and hands them to the real repository. */
    private final class CountingSource implements SourceRepository {

        private final SourceRepository delegate;

        CountingSource(SourceRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public CommitSha resolve(RepositoryUrl url, GitRef ref) {
            resolveCalls.incrementAndGet();
            return delegate.resolve(url, ref);
        }

        @Override
        public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
            delegate.checkOut(url, ref, commit, directory);
        }
    }

    /** Throws a connection reset on the first {@code resetsBeforeStart} container starts, then starts for real. */
    private final class ResettingRuntime implements ContainerRuntime {

        private final ContainerRuntime delegate;

        ResettingRuntime(ContainerRuntime delegate) {
            this.delegate = delegate;
        }

        @Override
        public RunningContainer start(ContainerRequest request) {
            if (startCalls.incrementAndGet() <= resetsBeforeStart) {
                throw new UncheckedIOException(new SocketException("Connection reset"));
            }
            return delegate.start(request);
        }

        @Override
        public String build(BuildRequest request, LogSink output) {
            return delegate.build(request, output);
        }

        @Override
        public String ensureNetwork(ApplicationId applicationId) {
            return delegate.ensureNetwork(applicationId);
        }

        @Override
        public ProbeResult probe(RunningContainer container, HttpHealthCheck check) {
            return delegate.probe(container, check);
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
        public void removeNetwork(ApplicationId applicationId) {
            delegate.removeNetwork(applicationId);
        }

        @Override
        public boolean containerExists(String containerIdOrName) {
            return delegate.containerExists(containerIdOrName);
        }

        @Override
        public boolean imageExists(String imageIdOrTag) {
            return delegate.imageExists(imageIdOrTag);
        }
    }
}
