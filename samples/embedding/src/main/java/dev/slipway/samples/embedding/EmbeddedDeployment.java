package dev.slipway.samples.embedding;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Deploys one Git repository with the engine embedded in a plain Java program: no Spring, events kept in memory.
 * Usage: {@code EmbeddedDeployment <repository-url> <ref> <container-port> <health-path>}, with the environment
 * variable {@code SLIPWAY_MASTER_KEY} set to the output of {@code openssl rand -base64 32}.
 */
public final class EmbeddedDeployment {

    private EmbeddedDeployment() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("Usage: EmbeddedDeployment <repository-url> <ref> <container-port> <health-path>");
            System.exit(2);
        }
        // The events live in memory only, so a key from the environment is enough and no keyset needs to be stored.
        MasterKey masterKey = MasterKey.fromEnvironment(System.getenv());
        Path work = Files.createTempDirectory("slipway-embedded");
        try (DeploymentEngine engine = start(work, true, masterKey)) {
            DeploymentView result = deploy(engine, RepositoryUrl.parseInput(args[0]), new GitRef(args[1]),
                    Integer.parseInt(args[2]), args[3], Duration.ofMinutes(5));
            System.out.println(result.status() + (result.url() == null ? "" : " at " + result.url())
                    + (result.reason() == null ? "" : ": " + result.reason()));
        }
    }

    /** Builds and starts an engine on the local Docker engine, with JGit for sources and secrets under the key. */
    public static DeploymentEngine start(Path workDirectory, boolean allowLocalRepositories, MasterKey masterKey) {
        EngineSettings settings = EngineSettings.defaults(workDirectory)
                .withSourcePolicy(new SourcePolicy(false, allowLocalRepositories));
        return DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(new DockerContainerRuntime(DockerRuntimeSettings.defaults()))
                .settings(settings)
                .masterKey(masterKey)
                .build()
                .start();
    }

    /** Creates an application for the repository, deploys it, and returns the deployment once it has ended. */
    public static DeploymentView deploy(DeploymentEngine engine, RepositoryUrl url, GitRef ref, int containerPort,
                                        String healthPath, Duration timeout) throws InterruptedException {
        RequestContext context = RequestContext.of(Caller.user(System.getProperty("user.name", "embedder")), null);
        ApplicationId application = engine.createApplication(context,
                new ApplicationName("embedded-" + Long.toHexString(System.nanoTime())),
                new SourceSpec(url, ref, null, null),
                new RuntimeSpec(containerPort, HttpHealthCheck.of(healthPath), null));
        DeploymentId deployment = engine.requestDeployment(context, application, null);
        Instant deadline = Instant.now().plus(timeout);
        DeploymentView view = engine.findDeployment(deployment).orElseThrow();
        while (!view.status().isFinal() && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            view = engine.findDeployment(deployment).orElseThrow();
        }
        return view;
    }
}
