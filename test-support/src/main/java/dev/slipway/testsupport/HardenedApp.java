package dev.slipway.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A Git repository with the sample web application built from an image whose user is root, and direct Docker access
 * to inspect what the engine started. Fails when Docker is missing.
 * Test classes register it with {@code @RegisterExtension}, so that it removes the Docker objects of the
 * applications passed to {@link #removeAfterTest} after each test.
 */
public final class HardenedApp extends DockerFixture {

    private static final String ROOT_DOCKERFILE = """
            FROM busybox:stable
            COPY www/ /www/
            USER root
            EXPOSE 8080
            CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
            """;

    HardenedApp(DockerClient docker) {
        super(docker);
    }

    /**
     * Connects to Docker and returns a fixture that has no applications registered yet.
     *
     * @throws AssertionError when Docker is not reachable
     */
    public static HardenedApp connect() {
        return new HardenedApp(DockerConnections.connect());
    }

    /** Creates a repository with one commit on {@code main} whose image runs as root, and returns its URL. */
    public static String createRepository(Path directory) throws Exception {
        return SampleRepositories.create(directory, ROOT_DOCKERFILE);
    }

    /**
     * Creates a repository whose branches carry names that parsers tend to get wrong, and returns its URL. Branch
     * {@code master} is the runnable application; {@code changeset-release/master}, which ends in the same name,
     * holds a commit whose build fails. The returned map gives each branch's commit.
     */
    public static Map<String, String> createRepositoryWithBranches(Path directory) throws Exception {
        String url = createRepository(directory);
        Map<String, String> commits = new java.util.LinkedHashMap<>();
        commits.put("url", url);
        PersonIdent author = SampleRepositories.author();
        try (Git git = Git.open(directory.toFile())) {
            String base = git.getRepository().resolve("HEAD").name();
            git.branchRename().setOldName("main").setNewName("master").call();
            commits.put("master", base);
            for (String branch : List.of("#SIG-38-compose", "release/v2026.410.0")) {
                git.checkout().setCreateBranch(true).setName(branch).setStartPoint(base).call();
                Files.writeString(directory.resolve("www").resolve("branch.txt"), branch);
                git.add().addFilepattern(".").call();
                commits.put(branch, git.commit().setMessage("On " + branch).setAuthor(author).setCommitter(author)
                        .setSign(false).call().name());
            }
            git.checkout().setCreateBranch(true).setName("changeset-release/master").setStartPoint(base).call();
            Files.writeString(directory.resolve("Dockerfile"), "FROM busybox:stable\nRUN exit 3\n");
            git.add().addFilepattern(".").call();
            commits.put("changeset-release/master", git.commit().setMessage("Break the build").setAuthor(author)
                    .setCommitter(author).setSign(false).call().name());
            git.checkout().setName("master").call();
        }
        return commits;
    }

    /** Returns a TCP port on 127.0.0.1 that nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Sends a GET request to {@code url} with a 5-second timeout and returns the response as text. */
    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    public InspectContainerResponse inspect(String containerId) {
        return docker.inspectContainerCmd(containerId).exec();
    }

    /** Returns the names of containers, running or not, whose name starts with {@code prefix}. */
    public List<String> containersNamed(String prefix) {
        return docker.listContainersCmd().withShowAll(true).exec().stream()
                .flatMap(container -> Stream.of(container.getNames()))
                .map(name -> name.replaceFirst("^/", ""))
                .filter(name -> name.startsWith(prefix))
                .toList();
    }

    /** Returns the names of volumes whose name contains {@code text}. */
    public List<String> volumesNamed(String text) {
        var volumes = docker.listVolumesCmd().exec().getVolumes();
        return volumes == null ? List.of() : volumes.stream().map(volume -> volume.getName())
                .filter(name -> name.contains(text)).toList();
    }

    /** Returns what is left of one application: containers, images, networks and volumes with its label. */
    public List<String> leftovers(String applicationId) {
        String label = "dev.slipway.application=" + applicationId;
        Stream<String> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label))
                .exec().stream().map(container -> "container " + container.getId());
        // The engine names the application in its image tags, not in the image's labels.
        Stream<String> images = Stream.concat(docker.listImagesCmd().withLabelFilter(label).exec().stream(),
                        docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec().stream())
                .map(image -> "image " + image.getId()).distinct();
        Stream<String> networks = docker.listNetworksCmd().withFilter("label", List.of(label)).exec().stream()
                .map(network -> "network " + network.getName());
        return Stream.of(containers, images, networks).flatMap(s -> s).toList();
    }

    /**
     * Removes every container, image, network and volume of one application. An object that the engine removed
     * meanwhile counts as removed.
     */
    @Override
    public void removeApplication(String applicationId) {
        List<String> label = List.of("dev.slipway.application=" + applicationId);
        docker.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(container -> ignoreGone(() -> docker.removeContainerCmd(container.getId())
                        .withForce(true).exec()));
        docker.listImagesCmd().withLabelFilter(label.get(0)).exec()
                .forEach(image -> ignoreGone(() -> docker.removeImageCmd(image.getId()).withForce(true).exec()));
        docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec().stream()
                .flatMap(image -> Stream.of(image.getRepoTags()))
                .filter(tag -> tag.startsWith("slipway/" + applicationId + ":"))
                .forEach(tag -> ignoreGone(() -> docker.removeImageCmd(tag).withForce(true).exec()));
        docker.listNetworksCmd().withFilter("label", label).exec()
                .forEach(network -> ignoreGone(() -> docker.removeNetworkCmd(network.getId()).exec()));
        volumesNamed(applicationId).forEach(name -> ignoreGone(() -> docker.removeVolumeCmd(name).exec()));
    }

    /** Returns the labels Docker stores for a container. */
    public Map<String, String> labels(String containerId) {
        return inspect(containerId).getConfig().getLabels();
    }
}
