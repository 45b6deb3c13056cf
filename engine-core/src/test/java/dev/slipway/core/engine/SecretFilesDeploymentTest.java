package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretFiles;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

/**
 * Deployments that ask for secret files where they cannot work fail before anything is built: on a Docker engine
 * of another host, and with a secret files directory that is not on a tmpfs.
 */
class SecretFilesDeploymentTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");
    private static final RuntimeSpec WITH_SECRET_FILES = new RuntimeSpec(8080, null, null, null, null, null, null,
            false, RuntimeSpec.DEFAULT_SECRET_FILES_DIRECTORY);

    @TempDir
    Path workDirectory;

    private final SourceRepository sources = Mockito.mock(SourceRepository.class);
    private DeploymentEngine engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void secretFilesOnRemoteDockerFailNamingField() {
        engine = start(new NothingRuntime(false), workDirectory.resolve("unused"));

        DeploymentView view = deploy();

        assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(view.failedStep()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
        assertThat(view.reason()).contains("'secretFiles'").contains("Unix socket or a loopback address");
        Mockito.verifyNoInteractions(sources);
    }

    @Test
    void secretFilesOutsideTmpfsFailNamingProperty() {
        engine = start(new NothingRuntime(true), workDirectory.resolve("secret-files"));

        DeploymentView view = deploy();

        assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(view.failedStep()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
        assertThat(view.reason()).contains(SecretFiles.PROPERTY).contains("not tmpfs");
        Mockito.verifyNoInteractions(sources);
    }

    private DeploymentEngine start(ContainerRuntime runtime, Path secretFiles) {
        return DeploymentEngine.builder()
                .sourceRepository(sources)
                .containerRuntime(runtime)
                .settings(EngineSettings.defaults(workDirectory).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .secretFilesDirectory(secretFiles)
                .build()
                .start();
    }

    private DeploymentView deploy() {
        ApplicationId app = engine.createApplication(ALICE, new ApplicationName("web"),
                new SourceSpec(RepositoryUrl.parse("file:///nowhere/repo"), new GitRef("main"), null, null),
                WITH_SECRET_FILES);
        DeploymentId deployment = engine.requestDeployment(ALICE, app, null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> engine.findDeployment(deployment).map(v -> v.status().isFinal()).orElse(false));
        return engine.findDeployment(deployment).orElseThrow();
    }

    /** A Docker port that runs nothing and reports whether its engine is on this host. */
    private record NothingRuntime(boolean local) implements ContainerRuntime {

        @Override
        public boolean isLocal() {
            return local;
        }

        @Override
        public String build(BuildRequest request, LogSink output) {
            throw new AssertionError("build must not run");
        }

        @Override
        public String ensureNetwork(ApplicationId application) {
            throw new AssertionError("ensureNetwork must not run");
        }

        @Override
        public RunningContainer start(ContainerRequest request) {
            throw new AssertionError("start must not run");
        }

        @Override
        public ProbeResult probe(RunningContainer container, HttpHealthCheck check) {
            throw new AssertionError("probe must not run");
        }

        @Override
        public List<String> tailLogs(String containerId, int lines) {
            return List.of();
        }

        @Override
        public void removeContainer(String containerIdOrName) {
        }

        @Override
        public void removeImage(String imageId) {
        }

        @Override
        public void removeNetwork(ApplicationId application) {
        }

        @Override
        public boolean containerExists(String containerIdOrName) {
            return false;
        }

        @Override
        public boolean imageExists(String imageIdOrTag) {
            return false;
        }
    }
}
