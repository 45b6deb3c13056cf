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
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretFiles;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.nio.file.Path;
import java.time.Duration;
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
        engine = start(new StubContainerRuntime(false), workDirectory.resolve("unused"));

        DeploymentView view = deploy();

        assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(view.failedStep()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
        assertThat(view.reason()).contains("'secretFiles'").contains("Unix socket or a loopback address");
        Mockito.verifyNoInteractions(sources);
    }

    @Test
    void secretFilesOutsideTmpfsFailNamingProperty() {
        engine = start(new StubContainerRuntime(true), workDirectory.resolve("secret-files"));

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
}
