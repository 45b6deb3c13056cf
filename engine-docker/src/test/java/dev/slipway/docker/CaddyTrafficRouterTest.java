package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.ManagedObject;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.TrafficRoute;
import dev.slipway.core.spec.DomainName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the proxy of {@code scripts/setup-docker.sh} in front of busybox httpd containers. The proxy is published on
 * 127.0.0.1 at a free port, and requests name their domain in the Host header, so no DNS is involved.
 */
@ExtendWith(DockerEngineAvailable.class)
class CaddyTrafficRouterTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int WEB_PORT = 8000;
    private static final Duration READY_LIMIT = Duration.ofSeconds(10);

    private final String engineId = TestDocker.uniqueName("proxy");
    private final DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults()
            .withEngineId(engineId));
    private final int proxyPort = freePort();
    private final CaddyTrafficRouter router = runtime.trafficRouter(ProxySettings.defaults()
            .withPublished(LOOPBACK, proxyPort));
    private final String proxyName = CaddyTrafficRouter.containerName(engineId);
    private final DockerObjects objects = new DockerObjects();
    private final ApplicationId application = ApplicationId.random();

    @BeforeAll
    static void requireProxyImage() {
        try {
            TestDocker.client().inspectImageCmd(ProxySettings.DEFAULT_IMAGE).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("Docker image " + ProxySettings.DEFAULT_IMAGE + " not found: run"
                    + " scripts/setup-docker.sh as root", e);
        }
    }

    @AfterEach
    void removeDockerObjects() throws Exception {
        try {
            TestDocker.client().removeContainerCmd(proxyName).withForce(true).exec();
        } catch (NotFoundException e) {
            // The test created no proxy.
        }
        objects.removeAll();
        try {
            TestDocker.client().removeNetworkCmd(proxyName).exec();
        } catch (NotFoundException e) {
            // The test created no proxy network.
        }
        runtime.close();
    }

    @Test
    void routeServesEveryDomain() throws Exception {
        String web = startWeb(application, "first");

        router.route(application, List.of(domain("shop.example.com"), domain("www.shop.example.com")), web,
                WEB_PORT);

        Response shop = request("shop.example.com");
        Response www = request("www.shop.example.com");
        assertThat(shop.status()).isEqualTo(200);
        assertThat(shop.body()).isEqualTo("first\n");
        assertThat(www.status()).isEqualTo(200);
        assertThat(www.body()).isEqualTo("first\n");
    }

    @Test
    void routeToNewContainerServesItAtOnce() throws Exception {
        List<DomainName> domains = List.of(domain("switch.example.com"));
        String first = startWeb(application, "first");
        String second = startWeb(application, "second");
        router.route(application, domains, first, WEB_PORT);
        assertThat(request("switch.example.com").body()).isEqualTo("first\n");

        router.route(application, domains, second, WEB_PORT);
        Response immediate = request("switch.example.com");

        assertThat(immediate.status()).isEqualTo(200);
        assertThat(immediate.body()).isEqualTo("second\n");
        for (int i = 0; i < 20; i++) {
            assertThat(request("switch.example.com").body()).as("request %d after the switch", i)
                    .isEqualTo("second\n");
        }
    }

    @Test
    void routeWhenDomainTakenFails() throws Exception {
        ApplicationId other = ApplicationId.random();
        String web = startWeb(application, "first");
        String otherWeb = startWeb(other, "other");
        router.route(application, List.of(domain("taken.example.com")), web, WEB_PORT);

        assertThatThrownBy(() -> router.route(other, List.of(domain("free.example.com"), domain("taken.example.com")),
                otherWeb, WEB_PORT))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("domain 'taken.example.com' is already routed to another application")
                .hasMessageNotContaining(application.toString());
        router.route(other, List.of(domain("free.example.com")), otherWeb, WEB_PORT);

        assertThat(request("taken.example.com").body()).isEqualTo("first\n");
        assertThat(request("free.example.com").body()).isEqualTo("other\n");
    }

    @Test
    void unknownHostReturnsNotFound() throws Exception {
        String web = startWeb(application, "first");
        router.route(application, List.of(domain("known.example.com")), web, WEB_PORT);

        Response unknown = request("unknown.example.com");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo(CaddyConfig.NOT_FOUND_BODY);
    }

    @Test
    void removeRouteStopsDomainAndFreesNetwork() throws Exception {
        String web = startWeb(application, "first");
        router.route(application, List.of(domain("gone.example.com")), web, WEB_PORT);
        TestDocker.client().removeContainerCmd(web).withForce(true).exec();

        String network = ApplicationNetworks.nameOf(application);
        assertThatThrownBy(() -> TestDocker.client().removeNetworkCmd(network).exec())
                .as("Docker removing a network that the proxy is connected to")
                .isInstanceOf(DockerException.class);

        router.removeRoute(application);
        Response afterRemoval = request("gone.example.com");
        runtime.removeNetwork(application);

        assertThat(afterRemoval.status()).isEqualTo(404);
        assertThat(networksOf(proxyName)).doesNotContainKey(ApplicationNetworks.nameOf(application));
        assertThat(networksNamed(ApplicationNetworks.nameOf(application))).isEmpty();
    }

    @Test
    void removeNetworkWithRouteDisconnectsProxy() throws Exception {
        String web = startWeb(application, "first");
        router.route(application, List.of(domain("left.example.com")), web, WEB_PORT);
        TestDocker.client().removeContainerCmd(web).withForce(true).exec();

        runtime.removeNetwork(application);

        assertThat(networksNamed(ApplicationNetworks.nameOf(application))).isEmpty();
        assertThat(networksOf(proxyName)).doesNotContainKey(ApplicationNetworks.nameOf(application));
        assertThat(request("unknown.example.com").status()).as("proxy still serves").isEqualTo(404);
    }

    @Test
    void removeRouteWithoutProxyDoesNothing() {
        router.removeRoute(application);

        assertThat(runtime.containerExists(proxyName)).isFalse();
    }

    @Test
    void routeAfterProxyRemovedRestoresRoutes() throws Exception {
        ApplicationId other = ApplicationId.random();
        String web = startWeb(application, "first");
        String otherWeb = startWeb(other, "other");
        router.route(application, List.of(domain("kept.example.com")), web, WEB_PORT);
        router.route(other, List.of(domain("other.example.com")), otherWeb, WEB_PORT);
        String removedId = TestDocker.client().inspectContainerCmd(proxyName).exec().getId();
        TestDocker.client().removeContainerCmd(proxyName).withForce(true).exec();

        router.route(other, List.of(domain("other.example.com")), otherWeb, WEB_PORT);

        assertThat(TestDocker.client().inspectContainerCmd(proxyName).exec().getId()).isNotEqualTo(removedId);
        assertThat(request("other.example.com").body()).isEqualTo("other\n");
        assertThat(request("kept.example.com").body()).as("route written before the removal").isEqualTo("first\n");
        assertThat(networksOf(proxyName)).containsKey(ApplicationNetworks.nameOf(application));
    }

    @Test
    void routeAfterProxyStoppedStartsIt() throws Exception {
        String web = startWeb(application, "first");
        router.route(application, List.of(domain("stopped.example.com")), web, WEB_PORT);
        String id = TestDocker.client().inspectContainerCmd(proxyName).exec().getId();
        TestDocker.client().stopContainerCmd(proxyName).withTimeout(1).exec();

        router.route(application, List.of(domain("stopped.example.com")), web, WEB_PORT);

        assertThat(TestDocker.client().inspectContainerCmd(proxyName).exec().getId()).isEqualTo(id);
        assertThat(request("stopped.example.com").body()).isEqualTo("first\n");
    }

    @Test
    void routeWithChangedPortMovesRoutes() throws Exception {
        ApplicationId other = ApplicationId.random();
        String web = startWeb(application, "first");
        String otherWeb = startWeb(other, "other");
        router.route(application, List.of(domain("moved.example.com")), web, WEB_PORT);
        int newPort = freePort();
        // A new router, as after a restart with other settings, has no record of the earlier router's routes.
        CaddyTrafficRouter moved = runtime.trafficRouter(ProxySettings.defaults().withPublished(LOOPBACK, newPort));

        moved.route(other, List.of(domain("other.example.com")), otherWeb, WEB_PORT);

        assertThat(request(newPort, "moved.example.com").body()).isEqualTo("first\n");
        assertThat(request(newPort, "other.example.com").body()).isEqualTo("other\n");
        assertThat(publishedBinding(proxyName).getHostPortSpec()).isEqualTo(String.valueOf(newPort));
    }

    @Test
    void routeWhenProxyFrozenTimesOut() throws Exception {
        CaddyTrafficRouter impatient = runtime.trafficRouter(ProxySettings.defaults()
                .withPublished(LOOPBACK, proxyPort).withSwitchTimeLimit(Duration.ofSeconds(1)));
        String first = startWeb(application, "first");
        String second = startWeb(application, "second");
        List<DomainName> domains = List.of(domain("frozen.example.com"));
        impatient.route(application, domains, first, WEB_PORT);
        TestDocker.client().pauseContainerCmd(proxyName).exec();
        try {
            assertThatThrownBy(() -> impatient.route(application, domains, second, WEB_PORT))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("route requests for [frozen.example.com]")
                    .hasMessageContaining("within 1s")
                    .hasMessageContaining("'" + proxyName + "'");
        } finally {
            TestDocker.client().unpauseContainerCmd(proxyName).exec();
        }
    }

    @Test
    void restoreRoutesAfterProxyRemovedServesThem() throws Exception {
        ApplicationId other = ApplicationId.random();
        String web = startWeb(application, "first");
        String otherWeb = startWeb(other, "other");
        List<DomainName> domains = List.of(domain("restored.example.com"));
        router.route(application, domains, web, WEB_PORT);
        TestDocker.client().removeContainerCmd(proxyName).withForce(true).exec();
        // A router of a new engine process, which keeps no routes in memory.
        CaddyTrafficRouter restarted = runtime.trafficRouter(router.settings());

        restarted.restoreRoutes(List.of(new TrafficRoute(application, domains, web, WEB_PORT)), Set.of(application,
                other));
        Response afterStart = request("restored.example.com");
        restarted.route(other, List.of(domain("next.example.com")), otherWeb, WEB_PORT);

        assertThat(afterStart.status()).isEqualTo(200);
        assertThat(afterStart.body()).isEqualTo("first\n");
        assertThat(request("restored.example.com").body()).as("after a route of another application")
                .isEqualTo("first\n");
        assertThat(request("next.example.com").body()).isEqualTo("other\n");
    }

    @Test
    void restoreRoutesWritesOnlyMissingSiteFiles() throws Exception {
        ApplicationId other = ApplicationId.random();
        String first = startWeb(application, "first");
        String second = startWeb(application, "second");
        String otherWeb = startWeb(other, "other");
        router.route(application, List.of(domain("kept.example.com")), second, WEB_PORT);
        CaddyTrafficRouter restarted = runtime.trafficRouter(router.settings());

        restarted.restoreRoutes(List.of(new TrafficRoute(application, List.of(domain("kept.example.com")), first,
                WEB_PORT), new TrafficRoute(other, List.of(domain("missing.example.com")), otherWeb, WEB_PORT)),
                Set.of(application, other));

        assertThat(request("kept.example.com").body()).as("site file that a deployment wrote")
                .isEqualTo("second\n");
        assertThat(request("missing.example.com").body()).isEqualTo("other\n");
    }

    @Test
    void restoreRoutesRemovesDeletedApplications() throws Exception {
        ApplicationId successor = ApplicationId.random();
        String web = startWeb(application, "first");
        String successorWeb = startWeb(successor, "successor");
        List<DomainName> domains = List.of(domain("moved.example.com"));
        router.route(application, domains, web, WEB_PORT);
        CaddyTrafficRouter restarted = runtime.trafficRouter(router.settings());

        restarted.restoreRoutes(List.of(), Set.of(successor));
        Response afterStart = request("moved.example.com");
        restarted.route(successor, domains, successorWeb, WEB_PORT);

        assertThat(afterStart.status()).as("domain of the deleted application").isEqualTo(404);
        assertThat(request("moved.example.com").body()).isEqualTo("successor\n");
        assertThat(networksOf(proxyName)).doesNotContainKey(ApplicationNetworks.nameOf(application));
    }

    @Test
    void timeoutOutputOmitsOtherRequests() throws Exception {
        CaddyTrafficRouter impatient = runtime.trafficRouter(ProxySettings.defaults()
                .withPublished(LOOPBACK, proxyPort).withSwitchTimeLimit(Duration.ofSeconds(1)));
        ApplicationId other = ApplicationId.random();
        String otherWeb = startWeb(other, "other");
        String first = startWeb(application, "first");
        String second = startWeb(application, "second");
        impatient.route(other, List.of(domain("tenant.example.com")), otherWeb, WEB_PORT);
        impatient.route(application, List.of(domain("mine.example.com")), first, WEB_PORT);
        TestDocker.client().removeContainerCmd(otherWeb).withForce(true).exec();
        // The proxy logs the failed request to the removed container with its URI.
        assertThat(request("tenant.example.com", "/reset?token=tenant-secret").status()).isEqualTo(502);
        TestDocker.client().pauseContainerCmd(proxyName).exec();
        try {
            assertThatThrownBy(() -> impatient.route(application, List.of(domain("mine.example.com")), second,
                    WEB_PORT))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("Last proxy output")
                    .hasMessageNotContaining("tenant-secret")
                    .hasMessageNotContaining("tenant.example.com");
        } finally {
            TestDocker.client().unpauseContainerCmd(proxyName).exec();
        }
    }

    @Test
    void routeConcurrentlyServesBothApplications() throws Exception {
        ApplicationId other = ApplicationId.random();
        String web = startWeb(application, "first");
        String otherWeb = startWeb(other, "other");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> firstRoute = pool.submit(() -> router.route(application, List.of(domain("one.example.com")), web,
                    WEB_PORT));
            Future<?> secondRoute = pool.submit(() -> router.route(other, List.of(domain("two.example.com")), otherWeb,
                    WEB_PORT));
            firstRoute.get();
            secondRoute.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(request("one.example.com").body()).isEqualTo("first\n");
        assertThat(request("two.example.com").body()).isEqualTo("other\n");
    }

    @Test
    void routeWhenImageMissingNamesImage() {
        CaddyTrafficRouter missing = runtime.trafficRouter(new ProxySettings("slipway/proxy:missing", LOOPBACK,
                proxyPort, Duration.ofSeconds(1)));

        assertThatThrownBy(() -> missing.route(application, List.of(domain("missing.example.com")), "web", WEB_PORT))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("create proxy container '" + proxyName + "'")
                .hasMessageContaining("slipway/proxy:missing");
        assertThat(runtime.containerExists(proxyName)).isFalse();
    }

    @Test
    void routeWhenForeignContainerHasProxyNameFails() {
        TestDocker.client().createContainerCmd(TestDocker.BASE_IMAGE).withName(proxyName).withCmd("true").exec();

        assertThatThrownBy(() -> router.route(application, List.of(domain("foreign.example.com")), "web",
                WEB_PORT))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("was not created by Slipway as a proxy");
        assertThat(TestDocker.client().inspectContainerCmd(proxyName).exec().getConfig().getImage())
                .isEqualTo(TestDocker.BASE_IMAGE);
    }

    @Test
    void proxyRunsHardened() throws Exception {
        String web = startWeb(application, "first");
        router.route(application, List.of(domain("hardened.example.com")), web, WEB_PORT);

        InspectContainerResponse proxy = TestDocker.client().inspectContainerCmd(proxyName).exec();
        HostConfig host = proxy.getHostConfig();

        assertThat(proxy.getConfig().getUser()).isEqualTo("65534:65534");
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNullOrEmpty();
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getMemory()).isPositive();
        assertThat(host.getMemorySwap()).isEqualTo(host.getMemory());
        assertThat(host.getPidsLimit()).isPositive();
        assertThat(host.getRestartPolicy().getName()).isEqualTo("unless-stopped");
        assertThat(publishedBinding(proxyName).getHostIp()).isEqualTo(LOOPBACK);
        assertThat(host.getNetworkMode()).isEqualTo(proxyName);
        assertThat(networksOf(proxyName)).containsKey(proxyName).doesNotContainKey("bridge");
        assertThat(proxy.getConfig().getLabels()).containsEntry(EngineLabels.MANAGED, "true")
                .containsEntry(EngineLabels.ENGINE, engineId)
                .containsEntry(CaddyTrafficRouter.PROXY_LABEL, "true");
    }

    @Test
    void ownObjectsNeverListProxy() throws Exception {
        String web = startWeb(application, "first");
        router.route(application, List.of(domain("orphan.example.com")), web, WEB_PORT);

        List<ManagedObject> own = runtime.listOwnObjects();

        assertThat(own).extracting(ManagedObject::name).contains(web).doesNotContain(proxyName);
        assertThat(TestDocker.client().inspectNetworkCmd().withNetworkId(proxyName).exec().getLabels())
                .containsEntry(EngineLabels.ENGINE, engineId);
    }

    @Test
    void proxyImageRunsCaddyVersion() throws Exception {
        String name = objects.container(TestDocker.uniqueName("caddy-version"));
        String id = TestDocker.client().createContainerCmd(ProxySettings.DEFAULT_IMAGE).withName(name)
                .withCmd("version").exec().getId();
        TestDocker.client().startContainerCmd(id).exec();
        int exitCode = TestDocker.client().waitContainerCmd(id).start().awaitStatusCode();

        assertThat(exitCode).isZero();
        assertThat(runtime.tailLogs(id, 5)).anyMatch(line -> line.startsWith("2.6.2"));
    }

    /**
     * Starts busybox httpd on the application's network, labelled as the engine's own, serving {@code body} plus a
     * newline, and returns its name once it responds on its published port.
     */
    private String startWeb(ApplicationId owner, String body) throws Exception {
        String network = objects.network(runtime.ensureNetwork(owner));
        String name = objects.container(TestDocker.uniqueName("web"));
        ExposedPort port = ExposedPort.tcp(WEB_PORT);
        HostConfig host = HostConfig.newHostConfig().withNetworkMode(network)
                .withPortBindings(new Ports(port, Ports.Binding.bindIp(LOOPBACK)));
        Map<String, String> labels = Map.of(EngineLabels.MANAGED, "true", EngineLabels.ENGINE, engineId,
                EngineLabels.APPLICATION, owner.toString());
        String id = TestDocker.client().createContainerCmd(TestDocker.BASE_IMAGE).withName(name).withUser("65534")
                .withCmd("sh", "-c", "mkdir -p /tmp/www && echo " + body + " > /tmp/www/index.html"
                        + " && exec httpd -f -p " + WEB_PORT + " -h /tmp/www")
                .withExposedPorts(port).withLabels(labels).withHostConfig(host).exec().getId();
        TestDocker.client().startContainerCmd(id).exec();
        String hostPort = TestDocker.client().inspectContainerCmd(id).exec().getNetworkSettings().getPorts()
                .getBindings().get(port)[0].getHostPortSpec();
        awaitResponse(Integer.parseInt(hostPort), name);
        return name;
    }

    private static void awaitResponse(int port, String name) throws Exception {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (true) {
            try {
                if (request(port, "localhost").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // httpd is not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Container " + name + " did not respond within " + READY_LIMIT);
            }
            Thread.sleep(50);
        }
    }

    private Response request(String host) throws IOException {
        return request(proxyPort, host);
    }

    private Response request(String host, String path) throws IOException {
        return request(proxyPort, host, path);
    }

    private static Response request(int port, String host) throws IOException {
        return request(port, host, "/");
    }

    /**
     * Sends GET {@code path} with {@code host} in the Host header on a new connection. The JDK's HTTP client does not
     * let a request set the Host header.
     */
    private static Response request(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                throw new IOException("Incomplete HTTP response from port " + port + ": '" + response + "'");
            }
            int status = Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
            return new Response(status, response.substring(headerEnd + 4));
        }
    }

    private record Response(int status, String body) {
    }

    private static DomainName domain(String name) {
        return new DomainName(name);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on " + LOOPBACK, e);
        }
    }

    private static Map<String, ?> networksOf(String container) {
        return TestDocker.client().inspectContainerCmd(container).exec().getNetworkSettings().getNetworks();
    }

    private static Ports.Binding publishedBinding(String container) {
        return TestDocker.client().inspectContainerCmd(container).exec().getHostConfig().getPortBindings()
                .getBindings().get(ExposedPort.tcp(CaddyConfig.CONTAINER_PORT))[0];
    }

    private static List<Network> networksNamed(String name) {
        return TestDocker.client().listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(network -> name.equals(network.getName()))
                .toList();
    }
}
