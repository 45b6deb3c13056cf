package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.StepFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngineAvailable.class)
class ImageBuildTest {

    private final DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    private final DockerObjects objects = new DockerObjects();
    private final ApplicationId application = ApplicationId.random();
    private final Map<String, String> labels = EngineLabels.forDeployment(application, DeploymentId.random());
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path context;

    @TempDir
    Path outside;

    @AfterEach
    void removeDockerObjects() throws Exception {
        // The runtime creates the application's network while it builds.
        objects.network(ApplicationNetworks.nameOf(application));
        // Closing waits for the network creations that builds started, so the cleanup finds those networks.
        runtime.close();
        objects.removeAll();
    }

    @Test
    void buildWhenRunStepFailsReportsItsOutput() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                RUN echo prepared > /prepared
                RUN echo "main.c:3: error: expected ';' before '}'" >&2 && exit 7
                """);
        String tag = objects.image(TestDocker.uniqueName("broken") + ":1");

        assertThatThrownBy(() -> runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("Unable to build image '" + tag + "' from Dockerfile 'Dockerfile': ")
                .hasMessageContaining("returned a non-zero code: 7")
                .hasMessageContaining("Last build output:\n")
                .hasMessageContaining("\nmain.c:3: error: expected ';' before '}'");
        assertThat(output).contains("main.c:3: error: expected ';' before '}'");
        String stepContainer = output.stream().filter(line -> line.startsWith(" ---> Running in ")).reduce((a, b) -> b)
                .map(line -> line.substring(" ---> Running in ".length())).orElseThrow();
        assertThat(runtime.containerExists(stepContainer)).isFalse();
        assertThat(runtime.imageExists(tag)).isFalse();
        assertThat(runtime.imageExists(stepImage(output, "Step 2/"))).isFalse();
    }

    @Test
    void failedBuildRemovesLastStepImage() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                RUN echo %s > /unique
                RUN exit 1
                """.formatted(TestDocker.uniqueName("layer")));
        String tag = objects.image(TestDocker.uniqueName("broken") + ":1");

        assertThatThrownBy(() -> runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add))
                .isInstanceOf(StepFailedException.class);

        String secondStepImage = stepImage(output, "Step 2/");
        assertThat(secondStepImage).isNotNull();
        assertThat(runtime.imageExists(secondStepImage)).isFalse();
        assertThat(runtime.imageExists(TestDocker.BASE_IMAGE)).isTrue();
    }

    @Test
    void buildWhenDockerfileInvalidReportsParseError() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox:stable\nCOMPILE everything\n");
        String tag = objects.image(TestDocker.uniqueName("invalid") + ":1");

        assertThatThrownBy(() -> runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("Unable to build image '" + tag + "' from Dockerfile 'Dockerfile': ")
                .hasMessageContaining("unknown instruction: COMPILE");
        assertThat(runtime.imageExists(tag)).isFalse();
    }

    @Test
    void buildWhenTimeoutPassesStopsBuild() throws Exception {
        DockerRuntimeSettings defaults = DockerRuntimeSettings.defaults();
        DockerRuntimeSettings settings = new DockerRuntimeSettings(defaults.dockerHost(), null, false,
                defaults.bindAddress(), defaults.nonRootUser(), defaults.connectTimeout(), defaults.responseTimeout(),
                Duration.ofSeconds(2), defaults.stopTimeout(), defaults.startupCheck());
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                RUN echo compiling && sleep 60
                """);
        String tag = objects.image(TestDocker.uniqueName("slow") + ":1");

        try (DockerContainerRuntime impatient = new DockerContainerRuntime(settings)) {
            assertThatThrownBy(() -> impatient.build(new BuildRequest(context, "Dockerfile", tag, labels),
                    output::add))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("from Dockerfile 'Dockerfile': timed out after 2s.")
                    .hasMessageContaining("\ncompiling");
        }

        String stepContainer = output.stream().filter(line -> line.startsWith(" ---> Running in ")).findFirst()
                .map(line -> line.substring(" ---> Running in ".length())).orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(runtime.containerExists(stepContainer)).isFalse());
        assertThat(runtime.imageExists(tag)).isFalse();
    }

    @Test
    void buildWhenDockerfileMissingNamesIt() {
        String tag = objects.image(TestDocker.uniqueName("missing") + ":1");

        assertThatThrownBy(() -> runtime.build(new BuildRequest(context, "docker/Dockerfile.prod", tag, labels),
                output::add))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to build image '" + tag + "': Dockerfile 'docker/Dockerfile.prod' not found in"
                        + " the build context. Check the Dockerfile path of the application; it is relative to the"
                        + " build context.");
    }

    @Test
    void buildWhenDockerfileOutsideContextRejectsIt() throws Exception {
        Files.writeString(outside.resolve("Dockerfile"), "FROM busybox:stable\n");
        String relative = context.relativize(outside.resolve("Dockerfile")).toString();
        String tag = objects.image(TestDocker.uniqueName("outside") + ":1");

        assertThatThrownBy(() -> runtime.build(new BuildRequest(context, relative, tag, labels), output::add))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("must name a file inside the build context");
        assertThat(runtime.imageExists(tag)).isFalse();
    }

    @Test
    void buildWithDockerfileInSubfolderUsesContextRoot() throws Exception {
        Files.createDirectories(context.resolve("docker"));
        Files.writeString(context.resolve("app.txt"), "from the context root\n");
        Files.writeString(context.resolve("docker/Dockerfile.prod"), """
                FROM busybox:stable
                COPY app.txt /app.txt
                RUN grep -q 'from the context root' /app.txt
                """);
        String tag = objects.image(TestDocker.uniqueName("subfolder") + ":1");

        String imageId = runtime.build(new BuildRequest(context, "docker/Dockerfile.prod", tag, labels), output::add);

        assertThat(runtime.imageExists(imageId)).isTrue();
        assertThat(TestDocker.client().inspectImageCmd(tag).exec().getId()).isEqualTo(imageId);
    }

    @Test
    void buildSendsLinksAsLinksWithoutFollowingThem() throws Exception {
        Files.writeString(outside.resolve("host-secret.txt"), "TEST_TOKEN_123\n");
        Files.createSymbolicLink(context.resolve("host"), outside);
        Files.createSymbolicLink(context.resolve("secret.txt"), outside.resolve("host-secret.txt"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                COPY . /ctx
                RUN test -L /ctx/host && test -L /ctx/secret.txt
                RUN if grep -r "TEST_TOKEN_12[3]" /ctx; then exit 9; fi
                """);
        String tag = objects.image(TestDocker.uniqueName("links") + ":1");

        String imageId = runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add);

        assertThat(runtime.imageExists(imageId)).isTrue();
    }

    @Test
    void buildHonoursDockerignoreAndKeepsFileModes() throws Exception {
        Files.writeString(context.resolve(".dockerignore"), """
                # build output and local settings stay out of the image
                target
                *.local
                !keep.local
                """);
        Files.createDirectories(context.resolve("target/classes"));
        Files.writeString(context.resolve("target/classes/App.class"), "compiled");
        Files.writeString(context.resolve("dev.local"), "local settings");
        Files.writeString(context.resolve("keep.local"), "kept");
        Path script = Files.writeString(context.resolve("run.sh"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                COPY . /ctx
                RUN test ! -e /ctx/target && test ! -e /ctx/dev.local && test -e /ctx/keep.local
                RUN test -x /ctx/run.sh && /ctx/run.sh
                """);
        String tag = objects.image(TestDocker.uniqueName("ignore") + ":1");

        String imageId = runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add);

        assertThat(runtime.imageExists(imageId)).isTrue();
        assertThat(output).contains("ran");
    }

    @Test
    void rebuildForNextDeploymentTagsCachedImage() throws Exception {
        ApplicationId other = withNetworkRemoved(ApplicationId.random());
        DeploymentId first = DeploymentId.random();
        DeploymentId second = DeploymentId.random();
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                RUN echo %s > /unique
                """.formatted(TestDocker.uniqueName("layer")));
        String firstTag = objects.image(EngineLabels.imageTag(other, first));
        String secondTag = objects.image(EngineLabels.imageTag(other, second));
        String firstId = runtime.build(new BuildRequest(context, "Dockerfile", firstTag,
                EngineLabels.forDeployment(other, first)), line -> { });

        String secondId = runtime.build(new BuildRequest(context, "Dockerfile", secondTag,
                EngineLabels.forDeployment(other, second)), output::add);

        assertThat(secondId).isEqualTo(firstId);
        assertThat(output).noneMatch(line -> line.contains("Running in"));
        assertThat(output).filteredOn(line -> line.startsWith("Step ") && line.contains(" : LABEL "))
                .hasSize(2)
                .noneMatch(line -> line.contains(second.toString()));
        assertThat(output).filteredOn(line -> line.equals(" ---> Using cache")).hasSize(3);
        var image = TestDocker.client().inspectImageCmd(secondId).exec();
        assertThat(image.getRepoTags()).contains(firstTag, secondTag);
        assertThat(image.getConfig().getLabels())
                .containsEntry(EngineLabels.MANAGED, "true")
                .containsEntry(EngineLabels.ENGINE, EngineLabels.DEFAULT_ENGINE_ID)
                .doesNotContainKeys(EngineLabels.APPLICATION, EngineLabels.DEPLOYMENT);
    }

    @Test
    void buildCreatesApplicationNetwork() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox:stable\n");
        String tag = objects.image(TestDocker.uniqueName("network") + ":1");

        runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add);

        // The creation may still run when the build returns, because the container start waits for it.
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TestDocker.client()
                .listNetworksCmd().withNameFilter(ApplicationNetworks.nameOf(application)).exec()).singleElement()
                .satisfies(network -> assertThat(network.getLabels()).containsAllEntriesOf(
                        EngineLabels.forApplication(application))));
    }

    @Test
    void removeNetworkRightAfterBuildLeavesNone() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox:stable\n");
        String tag = objects.image(TestDocker.uniqueName("network") + ":1");
        runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add);

        runtime.removeNetwork(application);

        assertThat(TestDocker.client().listNetworksCmd().withNameFilter(ApplicationNetworks.nameOf(application))
                .exec()).isEmpty();
    }

    @Test
    void buildKeepsOnBuildTriggersUnrun() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox:stable
                RUN echo %s > /unique
                ONBUILD RUN exit 9
                """.formatted(TestDocker.uniqueName("layer")));
        String tag = objects.image(TestDocker.uniqueName("onbuild") + ":1");

        String imageId = runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), output::add);

        var config = TestDocker.client().inspectImageCmd(imageId).exec().getConfig();
        assertThat(config.getLabels()).containsEntry(EngineLabels.MANAGED, "true")
                .containsEntry(EngineLabels.ENGINE, EngineLabels.DEFAULT_ENGINE_ID)
                .doesNotContainKeys(EngineLabels.APPLICATION, EngineLabels.DEPLOYMENT);
        assertThat(config.getOnBuild()).containsExactly("RUN exit 9");
    }

    /** Registers the network that a build for {@code application} creates, so that it is removed after the test. */
    private ApplicationId withNetworkRemoved(ApplicationId application) {
        objects.network(ApplicationNetworks.nameOf(application));
        return application;
    }

    /** Returns the image id the builder reported for the step whose header starts with {@code stepPrefix}. */
    private static String stepImage(List<String> lines, String stepPrefix) {
        boolean inStep = false;
        for (String line : lines) {
            if (line.startsWith("Step ")) {
                inStep = line.startsWith(stepPrefix);
            } else if (inStep && line.matches(" ---> [0-9a-f]{12}")) {
                return line.substring(" ---> ".length());
            }
        }
        return null;
    }
}
