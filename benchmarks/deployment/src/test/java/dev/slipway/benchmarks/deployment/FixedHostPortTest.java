package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
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
import dev.slipway.core.deployment.StepView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.PortMapping;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/** Redeploys of an application that publishes a fixed host port, against the real Docker engine. */
class FixedHostPortTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private DeploymentEngine engine;
    private ApplicationId application;
    private int hostPort;
    private String foreignContainer;

    @BeforeEach
    void startEngine() throws Exception {
        docker = LocalDocker.connect();
        RepositoryUrl repository = RepositoryUrl.parse("file://" + SampleRepository.create(temp, 1));
        runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
        engine = DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .build()
                .start();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            hostPort = probe.getLocalPort();
        }
        ApplicationName name = new ApplicationName("fixed-" + Long.toHexString(System.nanoTime()));
        RuntimeSpec runtimeSpec = new RuntimeSpec(8080, new HttpHealthCheck("/health", 200, Duration.ofMillis(200),
                Duration.ofSeconds(1), 4), null, List.of(new PortMapping(PortMapping.LOOPBACK, hostPort, 8080)),
                null, null, null, false);
        application = engine.createApplication(ALICE, name, new SourceSpec(repository, new GitRef("main"), null, null),
                runtimeSpec);
    }

    @AfterEach
    void removeEverything() throws Exception {
        engine.close();
        runtime.close();
        if (foreignContainer != null) {
            LocalDocker.removeContainer(docker, foreignContainer);
        }
        LocalDocker.removeApplication(docker, application.toString());
        docker.close();
    }

    @Test
    void redeployTakesOverFixedPort() throws Exception {
        DeploymentView first = awaitEnd(engine.requestDeployment(ALICE, application, null));
        assertThat(first.status()).as(first.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);

        DeploymentView second = awaitEnd(engine.requestDeployment(ALICE, application, null));

        assertThat(second.status()).as(second.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(get("http://127.0.0.1:" + hostPort + "/health")).isEqualTo(200);
        assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, application.toString()))
                .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                .containsExactly(second.id());
    }

    @Test
    void failedRedeployStartsPreviousContainerAgain() throws Exception {
        DeploymentView first = awaitEnd(engine.requestDeployment(ALICE, application, null));
        assertThat(first.status()).as(first.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);

        DeploymentId unhealthy = engine.requestDeployment(ALICE, application, new GitRef("unhealthy"));
        DeploymentView failed = awaitEnd(unhealthy);

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo(DeploymentStep.HEALTH_CHECK);
        await().atMost(Duration.ofSeconds(20)).until(() -> LocalDocker.containers(docker, EngineLabels.DEPLOYMENT,
                unhealthy.toString()).isEmpty());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> get("http://127.0.0.1:" + hostPort + "/health") == 200);
        assertThat(get(first.url() + "/health")).isEqualTo(200);
        assertThat(engine.findApplication(application).orElseThrow().currentDeploymentId()).isEqualTo(first.id());
    }

    @Test
    void portOfForeignContainerFailsInChecks() {
        String foreign = "foreign-" + Long.toHexString(System.nanoTime());
        ExposedPort port = ExposedPort.tcp(8080);
        Ports bindings = new Ports();
        bindings.bind(port, Ports.Binding.bindIpAndPort(PortMapping.LOOPBACK, hostPort));
        foreignContainer = docker.createContainerCmd("busybox:stable").withName(foreign)
                .withCmd("sleep", "300").withExposedPorts(port)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings)).exec().getId();
        docker.startContainerCmd(foreignContainer).exec();

        DeploymentId deployment = engine.requestDeployment(ALICE, application, null);
        DeploymentView failed = awaitEnd(deployment);

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
        assertThat(failed.reason()).contains("127.0.0.1:" + hostPort).contains("'" + foreign + "'");
        assertThat(failed.steps()).extracting(StepView::step).containsExactly(DeploymentStep.RESOLVE_COMMIT);
        assertThat(LocalDocker.containers(docker, EngineLabels.DEPLOYMENT, deployment.toString())).isEmpty();
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
