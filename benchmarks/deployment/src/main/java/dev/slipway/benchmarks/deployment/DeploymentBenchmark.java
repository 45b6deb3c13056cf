package dev.slipway.benchmarks.deployment;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.api.Git;

/**
 * Compares a deployment through the engine with the same steps done directly (JGit clone, docker-java build, run,
 * first HTTP 200). Then it deploys many applications at once while it samples the heap. It needs the local Docker
 * engine with {@code busybox:stable}. Arguments: the sample application folder (default {@code samples/hello-app}),
 * the measured rounds (default 15), the number of concurrent deployments (default 20, 0 skips them) and the warm-up
 * rounds before the measured ones (default 20), which run the same deployments and are not counted.
 */
public final class DeploymentBenchmark {

    private static final RequestContext CALLER = RequestContext.of(Caller.user("benchmark"), null);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** Interval of both runs' polls, for the deployment's end and for the first HTTP 200, in milliseconds. */
    private static final long POLL_MILLIS = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final String BENCHMARK_LABEL = "dev.slipway.benchmark";
    /** The resource limits that the engine gives a container whose runtime spec sets none. */
    private static final ResourceLimits LIMITS = ResourceLimits.DEFAULT;
    private static final List<ApplicationId> APPLICATIONS = new ArrayList<>();

    private DeploymentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path sample = Path.of(args.length > 0 ? args[0] : "samples/hello-app");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int concurrent = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Path temp = Files.createTempDirectory("slipway-benchmark");
        Path repository = BenchmarkRepository.create(sample, temp);
        DockerClient docker = connect();
        DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
        try (DeploymentEngine engine = DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .build()
                .start()) {
            RepositoryUrl url = RepositoryUrl.parse("file://" + repository);
            for (int round = 0; round < warmUp; round++) {
                long directWarm = deployDirectly(docker, repository, temp.resolve("warm-direct-" + round),
                        "warm-" + round, false);
                long isolatedWarm = deployDirectly(docker, repository, temp.resolve("warm-isolated-" + round),
                        "warm-" + round, true);
                long engineWarm = deployWithEngine(engine, url, "bench-warm-" + round);
                System.out.printf("warm-up %d: direct on the default bridge %d ms, direct on its own network %d ms,"
                        + " engine %d ms%n", round + 1, directWarm, isolatedWarm, engineWarm);
                removeContainersAndNetworks(docker);
            }
            long[] direct = new long[rounds];
            long[] isolated = new long[rounds];
            long[] viaEngine = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                String name = Integer.toString(round);
                direct[round] = deployDirectly(docker, repository, temp.resolve("direct-" + round), name, false);
                isolated[round] = deployDirectly(docker, repository, temp.resolve("isolated-" + round), name, true);
                viaEngine[round] = deployWithEngine(engine, url, "bench-" + round);
                System.out.printf("round %d: direct on the default bridge %d ms, direct on its own network %d ms,"
                        + " engine %d ms%n", round + 1, direct[round], isolated[round], viaEngine[round]);
                removeContainersAndNetworks(docker);
            }
            long directMedian = median(direct);
            long isolatedMedian = median(isolated);
            long engineMedian = median(viaEngine);
            System.out.printf("median: direct on the default bridge %d ms, direct on its own network %d ms, engine"
                    + " %d ms; ratio %.2f against its own network, %.2f against the default bridge; system load"
                    + " average %.1f%n", directMedian, isolatedMedian, engineMedian,
                    (double) engineMedian / isolatedMedian, (double) engineMedian / directMedian,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            if (concurrent > 0) {
                deployConcurrently(engine, url, concurrent);
            }
        } finally {
            removeBenchmarkObjects(docker);
            runtime.close();
            docker.close();
        }
    }

    /**
     * Clones, builds, runs and waits for the first HTTP 200, as a script without the engine would; returns ms.
     *
     * @param ownNetwork whether the container runs as the engine runs it: on a bridge network of its own, created
     *                   while the image builds, with the engine's hardening and resource limits. Otherwise it runs on
     *                   Docker's default bridge with a memory limit and no capabilities.
     */
    private static long deployDirectly(DockerClient docker, Path repository, Path checkout, String round,
                                       boolean ownNetwork) throws Exception {
        String name = "slipway-benchmark-" + (ownNetwork ? "isolated-" : "direct-") + round;
        long start = System.nanoTime();
        Git.cloneRepository().setURI(repository.toUri().toString()).setDirectory(checkout.toFile()).setDepth(1)
                .call().close();
        long cloned = System.nanoTime();
        CompletableFuture<String> network = ownNetwork
                ? CompletableFuture.supplyAsync(() -> docker.createNetworkCmd().withName(name).withDriver("bridge")
                        .withLabels(Map.of(BENCHMARK_LABEL, "true")).exec().getId())
                : CompletableFuture.completedFuture(null);
        String imageId = docker.buildImageCmd(checkout.toFile()).withTags(Set.of("slipway-benchmark/" + name))
                .withPull(false).withLabels(Map.of(BENCHMARK_LABEL, "true"))
                .exec(new BuildImageResultCallback()).awaitImageId();
        long built = System.nanoTime();
        ExposedPort port = ExposedPort.tcp(8080);
        Ports bindings = new Ports();
        bindings.bind(port, Ports.Binding.bindIp("127.0.0.1"));
        HostConfig host = HostConfig.newHostConfig().withPortBindings(bindings).withMemory(LIMITS.memoryBytes())
                .withCapDrop(Capability.ALL);
        if (ownNetwork) {
            host.withNetworkMode(network.get()).withSecurityOpts(List.of("no-new-privileges")).withPrivileged(false)
                    .withIpcMode("private").withInit(true).withMemorySwap(LIMITS.memoryBytes())
                    .withNanoCPUs(LIMITS.nanoCpus()).withPidsLimit(LIMITS.pids());
        }
        String containerId = docker.createContainerCmd(imageId).withName(name)
                .withLabels(Map.of(BENCHMARK_LABEL, "true"))
                .withExposedPorts(port)
                .withHostConfig(host)
                .exec().getId();
        docker.startContainerCmd(containerId).exec();
        String hostPort = docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getPorts()
                .getBindings().get(port)[0].getHostPortSpec();
        long started = System.nanoTime();
        awaitOk("http://127.0.0.1:" + hostPort + "/health");
        long end = System.nanoTime();
        System.out.printf("  direct steps%s: clone %d ms build %d ms create and start %d ms first HTTP 200 %d ms%n",
                ownNetwork ? " on its own network" : "", (cloned - start) / 1_000_000, (built - cloned) / 1_000_000,
                (started - built) / 1_000_000, (end - started) / 1_000_000);
        return (end - start) / 1_000_000;
    }

    /** Deploys through the engine until the read model shows the deployment succeeded; returns ms. */
    private static long deployWithEngine(DeploymentEngine engine, RepositoryUrl url, String name) throws Exception {
        ApplicationId app = engine.createApplication(CALLER, new ApplicationName(name),
                new SourceSpec(url, new GitRef("main"), null, null),
                new RuntimeSpec(8080, new HttpHealthCheck("/health", 200, Duration.ofMillis(POLL_MILLIS),
                        Duration.ofSeconds(1), HttpHealthCheck.MAX_RETRIES), null));
        APPLICATIONS.add(app);
        long start = System.nanoTime();
        DeploymentView view = awaitEnd(engine, engine.requestDeployment(CALLER, app, null));
        if (view.status() != DeploymentStatus.SUCCEEDED) {
            throw new IllegalStateException("Deployment " + view.id() + " ended as " + view.status() + ": "
                    + view.reason());
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        // The health check had its first HTTP 200 before the deployment succeeded, so this only checks the address.
        awaitOk(view.url() + "/health");

        StringBuilder steps = new StringBuilder("  engine steps:");
        java.time.Instant previous = view.requestedAt();
        for (var step : view.steps()) {
            steps.append(' ').append(step.step()).append(' ')
                    .append(Duration.between(previous, step.at()).toMillis()).append(" ms");
            previous = step.at();
        }
        System.out.println(steps);
        return elapsed;
    }

    /** Deploys {@code count} applications at once and prints how many succeeded, the time and the peak heap. */
    private static void deployConcurrently(DeploymentEngine engine, RepositoryUrl url, int count) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        List<ApplicationId> apps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            apps.add(engine.createApplication(CALLER, new ApplicationName("bench-many-" + i),
                    new SourceSpec(url, new GitRef("main"), null, null), new RuntimeSpec(8080, null, null)));
        }
        APPLICATIONS.addAll(apps);

        long start = System.nanoTime();
        List<DeploymentId> deployments = new ArrayList<>();
        for (ApplicationId app : apps) {
            deployments.add(engine.requestDeployment(CALLER, app, null));
        }
        int succeeded = 0;
        for (DeploymentId deployment : deployments) {
            if (awaitEnd(engine, deployment).status() == DeploymentStatus.SUCCEEDED) {
                succeeded++;
            }
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;

        sampler.interrupt();
        System.out.printf("%d concurrent deployments: %d succeeded in %d ms; peak heap used %d MiB of max %d MiB;"
                + " system load average %.1f%n", count, succeeded, elapsed, peakHeap.get() / (1024 * 1024),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static DeploymentView awaitEnd(DeploymentEngine engine, DeploymentId deployment) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            DeploymentView view = engine.findDeployment(deployment).orElse(null);
            if (view != null && view.status().isFinal()) {
                return view;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("Deployment " + deployment + " did not end within " + TIMEOUT);
    }

    private static void awaitOk(String url) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("No HTTP 200 from " + url + " within " + TIMEOUT);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static DockerClient connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DockerRuntimeSettings.DEFAULT_DOCKER_HOST.toString()).build();
        return DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    /**
     * Removes the containers and networks of the round that just ended, so that every round starts with the same
     * containers and networks on the Docker host, because Docker started containers more slowly as they piled up.
     * Images stay, because they hold the build cache that every round uses.
     */
    private static void removeContainersAndNetworks(DockerClient docker) {
        for (String label : benchmarkLabels()) {
            docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()
                    .forEach(container -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
            docker.listNetworksCmd().withFilter("label", List.of(label)).exec()
                    .forEach(network -> docker.removeNetworkCmd(network.getId()).exec());
        }
    }

    private static List<String> benchmarkLabels() {
        List<String> labels = new ArrayList<>(List.of(BENCHMARK_LABEL + "=true"));
        APPLICATIONS.forEach(app -> labels.add(EngineLabels.APPLICATION + "=" + app));
        return labels;
    }

    /**
     * Removes the containers, images and networks that this run created, found by their labels, and the engine's
     * image tags of the run's applications.
     */
    private static void removeBenchmarkObjects(DockerClient docker) {
        removeContainersAndNetworks(docker);
        for (String label : benchmarkLabels()) {
            docker.listImagesCmd().withLabelFilter(label).exec()
                    .forEach(image -> docker.removeImageCmd(image.getId()).withForce(true).exec());
        }
        for (ApplicationId app : APPLICATIONS) {
            String repository = EngineLabels.imageRepository(app);
            for (var image : docker.listImagesCmd().withReferenceFilter(repository).exec()) {
                for (String tag : image.getRepoTags()) {
                    if (tag.startsWith(repository + ":")) {
                        docker.removeImageCmd(tag).withForce(true).exec();
                    }
                }
            }
        }
    }
}
