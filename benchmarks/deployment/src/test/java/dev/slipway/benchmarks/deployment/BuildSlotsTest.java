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
import dev.slipway.core.deployment.BuildSlots;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.StepView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.server.ServerId;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build slots against the real Docker engine: with one build slot per server, builds of different applications on
 * one server run one after another, and a build that waits shows why in the read model.
 */
class BuildSlotsTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");
    private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@slipway.invalid");
    private static final int BUILD_SECONDS = 4;
    private static final List<String> BRANCHES = List.of("slot-a", "slot-b", "slot-c");

    @TempDir
    Path temp;

    private final List<String> applications = new ArrayList<>();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private DeploymentEngine engine;
    private RepositoryUrl repository;

    @BeforeEach
    void startEngine() throws Exception {
        docker = LocalDocker.connect();
        repository = RepositoryUrl.parse("file://" + repositoryWithUncachedBuilds());
        runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
        engine = DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .buildSlots(new BuildSlots(1, 4))
                .build()
                .start();
    }

    @AfterEach
    void removeEverything() throws Exception {
        engine.close();
        runtime.close();
        for (String application : applications) {
            LocalDocker.removeApplication(docker, application);
        }
        docker.close();
    }

    @Test
    void oneServerSlotRunsBuildsInTurn() {
        List<ApplicationId> apps = new ArrayList<>();
        for (int i = 0; i < BRANCHES.size(); i++) {
            apps.add(createApplication());
        }
        List<DeploymentId> deployments = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            deployments.add(engine.requestDeployment(ALICE, apps.get(i), new GitRef(BRANCHES.get(i))));
        }
        Map<DeploymentId, String> waitingReasons = new ConcurrentHashMap<>();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (DeploymentId deployment : deployments) {
                DeploymentView view = engine.findDeployment(deployment).orElseThrow();
                if (view.status() == DeploymentStatus.QUEUED && !view.steps().isEmpty()) {
                    waitingReasons.putIfAbsent(deployment, view.reason());
                }
            }
            return deployments.stream().allMatch(deployment -> engine.findDeployment(deployment).orElseThrow()
                    .status().isFinal());
        });

        List<DeploymentView> views = deployments.stream()
                .map(deployment -> engine.findDeployment(deployment).orElseThrow())
                .toList();
        for (DeploymentView view : views) {
            assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        }
        assertThat(waitingReasons).as("deployments seen waiting for a build slot").hasSizeGreaterThanOrEqualTo(2);
        assertThat(Set.copyOf(waitingReasons.values()))
                .containsOnly("Waiting for a build slot on server '" + ServerId.LOCAL + "' (limit 1).");
        List<StepView> builds = views.stream()
                .map(view -> view.steps().stream().filter(step -> step.step() == DeploymentStep.BUILD_IMAGE)
                        .findFirst().orElseThrow())
                .sorted(Comparator.comparing(StepView::startedAt))
                .toList();
        for (int i = 1; i < builds.size(); i++) {
            assertThat(builds.get(i).startedAt()).as("start of build %d after the end of build %d", i, i - 1)
                    .isAfterOrEqualTo(builds.get(i - 1).finishedAt());
        }
        for (StepView build : builds) {
            assertThat(build.durationMillis()).as("build time without the wait for a slot")
                    .isGreaterThanOrEqualTo(BUILD_SECONDS * 1000L);
        }
    }

    private ApplicationId createApplication() {
        ApplicationId app = engine.createApplication(ALICE,
                new ApplicationName("slots-" + Long.toHexString(System.nanoTime())),
                new SourceSpec(repository, new GitRef("main"), null, null),
                new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
        applications.add(app.toString());
        return app;
    }

    /**
     * Returns the sample repository with one branch per application whose Dockerfile sleeps in a step that names the
     * branch and this test run, so that no build reuses a cached layer of another.
     */
    private Path repositoryWithUncachedBuilds() throws Exception {
        Path bare = SampleRepository.create(temp, 1);
        Path work = temp.resolve("slots-clone");
        String run = Long.toHexString(System.nanoTime());
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
            for (String branch : BRANCHES) {
                git.checkout().setName("main").call();
                git.checkout().setCreateBranch(true).setName(branch).call();
                Path dockerfile = work.resolve("Dockerfile");
                Files.writeString(dockerfile, Files.readString(dockerfile).replace("COPY www/ /www/",
                        "RUN sleep " + BUILD_SECONDS + " && echo " + branch + "-" + run + "\nCOPY www/ /www/"));
                git.add().addFilepattern("Dockerfile").call();
                git.commit().setMessage("Build slowly on " + branch).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
                git.push().setRemote("origin").add(branch).call();
            }
        }
        return bare;
    }
}
