package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
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
import dev.slipway.core.deployment.StepTimeLimits;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step time limits against the real Docker engine: a build that sleeps past its limit. */
class StepTimeLimitTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");
    private static final Duration BUILD_LIMIT = Duration.ofSeconds(8);
    private static final int SLOW_BUILD_SECONDS = 97;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private DeploymentEngine engine;
    private ApplicationId application;

    @BeforeEach
    void startEngine() throws Exception {
        docker = LocalDocker.connect();
        RepositoryUrl repository = RepositoryUrl.parse("file://" + SampleRepository.create(temp, SLOW_BUILD_SECONDS));
        runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
        EngineSettings settings = EngineSettings.defaults(temp.resolve("work"))
                .withSourcePolicy(new SourcePolicy(false, true))
                .withStepTimeLimits(StepTimeLimits.defaults().with(DeploymentStep.BUILD_IMAGE, BUILD_LIMIT));
        engine = DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .settings(settings)
                .masterKey(MasterKey.generate())
                .build()
                .start();
        ApplicationName name = new ApplicationName("limit-" + Long.toHexString(System.nanoTime()));
        application = engine.createApplication(ALICE, name,
                new SourceSpec(repository, new GitRef("main"), null, null),
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
    void buildPastLimitKeepsPreviousRelease() throws Exception {
        DeploymentView previous = awaitEnd(engine.requestDeployment(ALICE, application, null));
        assertThat(previous.status()).as(previous.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);

        DeploymentId slow = engine.requestDeployment(ALICE, application, new GitRef("slow"));
        DeploymentView failed = awaitEnd(slow);

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo(DeploymentStep.BUILD_IMAGE);
        assertThat(failed.reason()).contains("Step BUILD_IMAGE ran past its 8s limit");
        await().atMost(Duration.ofSeconds(20)).until(() -> sleepingBuildContainers().isEmpty());
        assertThat(LocalDocker.images(docker, EngineLabels.DEPLOYMENT, slow.toString())).isEmpty();
        assertThat(LocalDocker.containers(docker, EngineLabels.DEPLOYMENT, slow.toString())).isEmpty();
        assertThat(get(previous.url() + "/health")).isEqualTo(200);
        assertThat(engine.findApplication(application).orElseThrow().currentDeploymentId()).isEqualTo(previous.id());
    }

    /** Returns the running containers of builds that execute the slow branch's {@code RUN sleep} step. */
    private List<Container> sleepingBuildContainers() {
        return docker.listContainersCmd().exec().stream()
                .filter(container -> container.getCommand() != null
                        && container.getCommand().contains("sleep " + SLOW_BUILD_SECONDS))
                .toList();
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
}
