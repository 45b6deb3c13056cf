package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.TrafficRoute;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements {@link TrafficRouter} with one Caddy container per engine id, named {@code slipway-proxy-<engineId>},
 * that serves HTTP on the configured host address and port and reaches each application's container by name on the
 * application's network.
 *
 * <p>The proxy runs as uid 65534 with all capabilities dropped, {@code no-new-privileges}, memory and process limits
 * and the restart policy {@code unless-stopped}. Its root filesystem stays writable, because Docker's archive API,
 * which writes the configuration, cannot write into a read-only root filesystem or a tmpfs. Caddy runs with
 * {@code --watch} and loads the Caddyfile again when its modification time advances. Each route change writes the
 * application's site file first, then a Caddyfile with a new random token that the proxy serves under
 * {@value CaddyConfig#CHECK_HOST}, and waits until the proxy returns that token.
 *
 * <p>Route changes of one router are serialized. Two engine processes with the same engine id share one proxy and
 * are not serialized with each other.
 */
public final class CaddyTrafficRouter implements TrafficRouter {

    /** Label that marks the proxy container, so that orphan removal never lists it. */
    static final String PROXY_LABEL = EngineLabels.PREFIX + "proxy";

    private static final Logger LOG = LoggerFactory.getLogger(CaddyTrafficRouter.class);
    private static final String USER = "65534:65534";
    private static final long MEMORY_BYTES = 256L * 1024 * 1024;
    private static final long PIDS = 256;
    private static final int TAIL_LINES = 10;
    /** Lines of proxy output read to find {@link #TAIL_LINES} that are not about requests. */
    private static final int SCANNED_LINES = 200;
    private static final String REQUEST_LOGGER = "\"logger\":\"http.log";
    private static final String REQUEST_FIELD = "\"request\":{";
    private static final String SITE_FILE_PREFIX = "sites/";

    private final DockerClient api;
    private final DockerFailures failures;
    private final DockerRuntimeSettings runtimeSettings;
    private final ProxySettings settings;
    private final BiFunction<String, Integer, List<String>> logs;
    private final ProxyCheck check;
    private final String name;
    /** The proxy's own network, named like the proxy container. */
    private final String networkName;
    private final Map<String, String> labels;
    private final Object lock = new Object();
    private final SecureRandom random = new SecureRandom();
    /** Site files with a route that this router wrote or restored, by application, to restore a new proxy. */
    private final Map<ApplicationId, String> routes = new LinkedHashMap<>();
    private long lastModifiedSecond;
    /** Whether the modification time of a Caddyfile that another router process wrote has been read. */
    private boolean modifiedSecondRead;

    CaddyTrafficRouter(DockerClient api, DockerFailures failures, DockerRuntimeSettings runtimeSettings,
                       ProxySettings settings, BiFunction<String, Integer, List<String>> logs) {
        this.api = api;
        this.failures = failures;
        this.runtimeSettings = runtimeSettings;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.logs = logs;
        this.check = new ProxyCheck(checkAddress(runtimeSettings, settings), settings.httpPort());
        this.name = containerName(runtimeSettings.engineId());
        this.networkName = name;
        this.labels = Map.of(EngineLabels.MANAGED, "true", EngineLabels.ENGINE, runtimeSettings.engineId(),
                PROXY_LABEL, "true");
    }

    /**
     * Creates the proxy's own network unless it exists. The proxy publishes its port from this network instead of
     * Docker's default bridge, on which builds and other containers of the host run, so that they cannot reach it
     * past the publish address.
     */
    private void ensureOwnNetwork() {
        if (!api.listNetworksCmd().withNameFilter(networkName).exec().stream()
                .filter(network -> networkName.equals(network.getName())).toList().isEmpty()) {
            return;
        }
        try {
            String id = api.createNetworkCmd().withName(networkName).withDriver("bridge").withLabels(labels)
                    .withCheckDuplicate(true).exec().getId();
            ChangeLog.record("created", "network", id, networkName, labels);
            LOG.info("proxy [{}] created network [{}]", name, networkName);
        } catch (ConflictException e) {
            LOG.debug("proxy [{}] network [{}] was created concurrently", name, networkName);
        } catch (RuntimeException e) {
            throw failures.failure("create proxy network '" + networkName + "'", e,
                    "Check the Docker engine's network setup.");
        }
    }

    /** Returns the name of the proxy container of an engine. */
    static String containerName(String engineId) {
        return "slipway-proxy-" + engineId;
    }

    /**
     * Returns the address to check the proxy at. A proxy published on all addresses is reached over loopback when
     * the Docker engine runs on this host, and at the Docker host's name otherwise, as health probes reach
     * containers at the published address.
     */
    private static String checkAddress(DockerRuntimeSettings runtime, ProxySettings proxy) {
        if (!proxy.publishesOnAllAddresses()) {
            return proxy.publishAddress();
        }
        if (runtime.isLocalHost()) {
            return "::".equals(proxy.publishAddress()) ? "::1" : "127.0.0.1";
        }
        return runtime.dockerHost().getHost();
    }

    /** Returns the settings this router was created with. */
    public ProxySettings settings() {
        return settings;
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StepFailedException also when another application's route serves one of {@code domains}, because
     *                             Caddy rejects a configuration with two sites for one domain
     */
    @Override
    public void route(ApplicationId application, List<DomainName> domains, String containerName,
                      int containerPort) {
        Objects.requireNonNull(application, "application");
        List<DomainName> sorted = domains.stream().distinct().sorted().toList();
        String site;
        try {
            site = CaddyConfig.site(application, sorted, containerName, containerPort);
        } catch (IllegalArgumentException e) {
            throw new StepFailedException("Unable to route requests for " + sorted + " to container '"
                    + containerName + "': " + e.getMessage(), e);
        }
        String network = ApplicationNetworks.nameOf(application);
        synchronized (lock) {
            InspectContainerResponse proxy = ensureRunning();
            String path = CaddyConfig.sitePath(application);
            requireUnclaimed(proxy.getId(), path, sorted);
            connect(proxy, network);
            String token = write(proxy.getId(), Map.of(path, site));
            routes.put(application, site);
            awaitServed(token, "route requests for " + sorted + " to container '" + containerName + "'");
        }
        LOG.info("application [{}] domains {} routed to container [{}] port [{}] by proxy [{}]", application, sorted,
                containerName, containerPort, name);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Then disconnects the proxy from the application's network, so that the network can be removed. Does nothing
     * when the proxy container does not exist.
     */
    @Override
    public void removeRoute(ApplicationId application) {
        Objects.requireNonNull(application, "application");
        String network = ApplicationNetworks.nameOf(application);
        synchronized (lock) {
            String path = CaddyConfig.sitePath(application);
            routes.remove(application);
            InspectContainerResponse proxy = find();
            if (proxy == null) {
                LOG.debug("application [{}] route not removed: proxy [{}] does not exist", application, name);
                return;
            }
            requireProxy(proxy);
            String token = write(proxy.getId(), Map.of(path, CaddyConfig.noSite(application)));
            if (isRunning(proxy)) {
                awaitServed(token, "remove the route of application '" + application + "'");
            }
            disconnect(proxy, network);
        }
        LOG.info("application [{}] route removed from proxy [{}]", application, name);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Creates the proxy with the routes when it does not exist, unless there are none, and starts it when it is
     * stopped. Into a proxy that exists it writes only the site files that are missing, so a site file that a
     * deployment wrote stays. A route whose application network is gone is skipped and logged.
     */
    @Override
    public void restoreRoutes(List<TrafficRoute> current, Set<ApplicationId> applications) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(applications, "applications");
        int written;
        List<ApplicationId> removed = new ArrayList<>();
        synchronized (lock) {
            Map<ApplicationId, String> sites = new LinkedHashMap<>();
            for (TrafficRoute route : current) {
                String site = siteOf(route);
                if (site != null) {
                    routes.putIfAbsent(route.application(), site);
                    sites.put(route.application(), routes.get(route.application()));
                }
            }
            boolean existed = find() != null;
            if (!existed && sites.isEmpty()) {
                return;
            }
            InspectContainerResponse proxy = ensureRunning();
            Map<String, String> present = readSiteFiles(proxy.getId(), "every route is written again");
            Map<String, String> changed = new LinkedHashMap<>();
            for (Map.Entry<ApplicationId, String> site : sites.entrySet()) {
                String path = CaddyConfig.sitePath(site.getKey());
                if (!present.containsKey(path) && connectForRestore(proxy, site.getKey())) {
                    changed.put(path, site.getValue());
                }
            }
            written = changed.size();
            for (Map.Entry<String, String> file : present.entrySet()) {
                ApplicationId deleted = deletedApplication(file.getKey(), file.getValue(), applications);
                if (deleted != null) {
                    routes.remove(deleted);
                    changed.put(file.getKey(), CaddyConfig.noSite(deleted));
                    removed.add(deleted);
                }
            }
            if (existed && changed.isEmpty()) {
                return;
            }
            String token = write(proxy.getId(), changed);
            awaitServed(token, "restore the routes of " + sites.size() + " applications");
            for (ApplicationId deleted : removed) {
                disconnect(proxy, ApplicationNetworks.nameOf(deleted));
            }
        }
        LOG.info("proxy [{}] serves the routes of {} applications after the engine start, {} of them written again;"
                + " routes of deleted applications removed: {}", name, current.size(), written, removed);
    }

    /**
     * Returns the application of a site file that routes domains for an application not in {@code applications},
     * or null for any other file.
     */
    private static ApplicationId deletedApplication(String path, String siteFile, Set<ApplicationId> applications) {
        String application = CaddyConfig.applicationOf(path);
        if (application == null || CaddyConfig.domainsOf(siteFile).isEmpty()) {
            return null;
        }
        ApplicationId id;
        try {
            id = ApplicationId.of(application);
        } catch (InvalidInputException e) {
            LOG.warn("proxy site file [{}] names no application id, so it stays", path);
            return null;
        }
        return applications.contains(id) ? null : id;
    }

    /** Returns the site file of a restored route, or null after logging why it cannot be written. */
    private String siteOf(TrafficRoute route) {
        List<DomainName> sorted = route.domains().stream().distinct().sorted().toList();
        try {
            return CaddyConfig.site(route.application(), sorted, route.containerName(), route.containerPort());
        } catch (IllegalArgumentException e) {
            LOG.error("application [{}] route of {} not restored: {}", route.application(), sorted, e.getMessage());
            return null;
        }
    }

    /** Connects the proxy to the application's network, and returns false after logging when that fails. */
    private boolean connectForRestore(InspectContainerResponse proxy, ApplicationId application) {
        try {
            connect(proxy, ApplicationNetworks.nameOf(application));
            return true;
        } catch (StepFailedException e) {
            LOG.warn("application [{}] route not restored: {}", application, e.getMessage());
            return false;
        }
    }

    /**
     * Throws when another application's site file in the proxy serves one of {@code domains}. Caddy rejects a
     * Caddyfile with two sites for one address ("ambiguous site definition" in Caddy 2.6.2) and keeps serving its
     * earlier configuration, so one such file would fail every later route change.
     */
    private void requireUnclaimed(String containerId, String path, List<DomainName> domains) {
        Map<String, String> files = readSiteFiles(containerId, "domains are not checked against other"
                + " applications' routes");
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getKey().equals(path)) {
                continue;
            }
            Set<String> claimed = CaddyConfig.domainsOf(file.getValue());
            for (DomainName domain : domains) {
                if (claimed.contains(domain.value())) {
                    // The message reaches the deployment's team, which may not see the other application, so only
                    // the log names it.
                    LOG.warn("proxy [{}] domain [{}] is already routed to application [{}]", name, domain,
                            CaddyConfig.applicationOf(file.getKey()));
                    throw new StepFailedException("Unable to route requests for " + domains + ": domain '" + domain
                            + "' is already routed to another application by proxy container '" + name
                            + "'. Remove the domain from that application first.");
                }
            }
        }
    }

    /** Returns the proxy container, running, after it starts or creates it as needed. */
    private InspectContainerResponse ensureRunning() {
        InspectContainerResponse proxy = find();
        if (proxy == null) {
            // The site files live only in the proxy container. A new proxy gets the routes that this process wrote
            // or restored at engine start.
            if (!routes.isEmpty()) {
                LOG.warn("proxy [{}] not found; creating it again with the routes of {} applications that this"
                        + " engine process wrote or restored", name, routes.size());
            }
            Map<String, String> files = new LinkedHashMap<>();
            List<String> networks = new ArrayList<>();
            for (Map.Entry<ApplicationId, String> route : routes.entrySet()) {
                files.put(CaddyConfig.sitePath(route.getKey()), route.getValue());
                networks.add(ApplicationNetworks.nameOf(route.getKey()));
            }
            return create(files, networks);
        }
        requireProxy(proxy);
        if (!matchesSettings(proxy)) {
            LOG.warn("proxy [{}] runs image [{}] on {}, which differs from the settings; creating it again with"
                    + " its site files", name, proxy.getConfig() == null ? null : proxy.getConfig().getImage(),
                    publishedBinding(proxy));
            return replace(proxy);
        }
        if (isRunning(proxy)) {
            return proxy;
        }
        try {
            api.startContainerCmd(proxy.getId()).exec();
            ChangeLog.record("started", "container", proxy.getId(), name, labels);
            LOG.warn("proxy [{}] was stopped; started it again", name);
        } catch (NotModifiedException e) {
            LOG.debug("proxy [{}] started concurrently", name);
        } catch (RuntimeException e) {
            LOG.warn("proxy [{}] did not start again, creating it again with its site files: {}", name,
                    DockerFailures.reason(e));
            return replace(proxy);
        }
        return inspect(proxy.getId());
    }

    /** Removes the proxy and creates it again with the site files and application networks it had. */
    private InspectContainerResponse replace(InspectContainerResponse proxy) {
        Map<String, String> files = new LinkedHashMap<>(readSiteFiles(proxy.getId(), "the new proxy serves only"
                + " the routes that this engine process wrote"));
        List<String> networks = new ArrayList<>();
        for (String network : networksOf(proxy).keySet()) {
            // The proxy's own network has the same prefix, and the new proxy is created on it.
            if (network.startsWith(ApplicationNetworks.NAME_PREFIX) && !network.equals(networkName)) {
                networks.add(network);
            }
        }
        for (Map.Entry<ApplicationId, String> route : routes.entrySet()) {
            files.put(CaddyConfig.sitePath(route.getKey()), route.getValue());
            String network = ApplicationNetworks.nameOf(route.getKey());
            if (!networks.contains(network)) {
                networks.add(network);
            }
        }
        try {
            api.removeContainerCmd(proxy.getId()).withForce(true).exec();
            ChangeLog.record("removed", "container", proxy.getId(), name, labels);
        } catch (NotFoundException e) {
            LOG.debug("proxy [{}] was removed concurrently", name);
        } catch (RuntimeException e) {
            throw failures.failure("remove proxy container '" + name + "'", e, "Remove it by hand, then deploy"
                    + " again.");
        }
        return create(files, networks);
    }

    /**
     * Creates the proxy with a Caddyfile and {@code files}, connects it to {@code networks}, then starts it. Caddy
     * exits when it starts without a Caddyfile.
     */
    private InspectContainerResponse create(Map<String, String> files, List<String> networks) {
        ensureOwnNetwork();
        ExposedPort port = ExposedPort.tcp(CaddyConfig.CONTAINER_PORT);
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPrivileged(false)
                .withIpcMode("private")
                .withInit(true)
                .withMemory(MEMORY_BYTES)
                .withMemorySwap(MEMORY_BYTES)
                .withPidsLimit(PIDS)
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                .withNetworkMode(networkName)
                .withPortBindings(new Ports(port, Ports.Binding.bindIpAndPort(settings.publishAddress(),
                        settings.httpPort())));
        String id;
        try {
            id = api.createContainerCmd(settings.image())
                    .withName(name)
                    .withUser(USER)
                    // Caddy stores its state under these folders and fails when it cannot create them.
                    .withEnv("XDG_DATA_HOME=/tmp/caddy/data", "XDG_CONFIG_HOME=/tmp/caddy/config")
                    .withCmd("run", "--config", CaddyConfig.CADDYFILE, "--adapter", "caddyfile", "--watch")
                    .withLabels(labels)
                    .withExposedPorts(port)
                    .withHostConfig(host)
                    .exec()
                    .getId();
        } catch (ConflictException e) {
            throw failures.failure("create proxy container '" + name + "'", e, "Another container has that name;"
                    + " remove it, then deploy again.");
        } catch (NotFoundException e) {
            throw failures.failure("create proxy container '" + name + "'", e, "Check that the image '"
                    + settings.image() + "' exists; scripts/setup-docker.sh creates the default one.");
        } catch (RuntimeException e) {
            throw failures.failure("create proxy container '" + name + "'", e, "Check the proxy settings.");
        }
        ChangeLog.record("created", "container", id, name, labels);
        try {
            write(id, files);
            for (String network : networks) {
                connectRestored(id, network);
            }
            api.startContainerCmd(id).exec();
            ChangeLog.record("started", "container", id, name, labels);
        } catch (RuntimeException e) {
            StepFailedException failure = e instanceof StepFailedException step ? step
                    : failures.failure("start proxy container '" + name + "'", e, "Check that host port "
                    + settings.publishAddress() + ":" + settings.httpPort() + " is free and the image '"
                    + settings.image() + "' contains Caddy.");
            removeQuietly(id);
            throw failure;
        }
        LOG.info("proxy [{}] id [{}] started from image [{}] on {}:{}", name, id, settings.image(),
                settings.publishAddress(), settings.httpPort());
        return inspect(id);
    }

    /**
     * Writes {@code files} and then a Caddyfile with a new token into the proxy, and returns the token. Caddy
     * watches only the Caddyfile, so the site files are in place when it loads them.
     */
    private String write(String containerId, Map<String, String> files) {
        byte[] tokenBytes = new byte[16];
        random.nextBytes(tokenBytes);
        String token = HexFormat.of().formatHex(tokenBytes);
        Map<String, String> archive = new LinkedHashMap<>(files);
        archive.put("Caddyfile", CaddyConfig.caddyfile(token));
        readModifiedSecond(containerId);
        byte[] tar = CaddyConfig.archive(archive, nextModifiedSecond());
        try {
            api.copyArchiveToContainerCmd(containerId).withRemotePath(CaddyConfig.CONFIG_DIRECTORY)
                    .withTarInputStream(new ByteArrayInputStream(tar)).exec();
        } catch (RuntimeException e) {
            throw failures.failure("write the configuration of proxy container '" + name + "'", e,
                    "Check that the proxy container exists, then deploy again.");
        }
        return token;
    }

    /**
     * Reads, before this router's first write, the modification time of the proxy's Caddyfile. An earlier engine
     * process may have written it with a time up to two seconds ahead, and Caddy ignores a Caddyfile that is not
     * newer than the one it loaded.
     */
    private void readModifiedSecond(String containerId) {
        if (modifiedSecondRead) {
            return;
        }
        try (InputStream stream = api.copyArchiveFromContainerCmd(containerId, CaddyConfig.CADDYFILE).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry != null) {
                lastModifiedSecond = Math.max(lastModifiedSecond, entry.getModTime().getTime() / 1000);
            }
            modifiedSecondRead = true;
        } catch (NotFoundException e) {
            modifiedSecondRead = true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("proxy [{}] Caddyfile modification time not read, so Caddy may skip the next change: {}", name,
                    e.getMessage());
        }
    }

    /**
     * Returns the modification time for the next archive, in seconds. Caddy 2.6's {@code --watch} checks the
     * Caddyfile once a second and loads it only when its modification time is later than the one it last loaded.
     * Docker writes an extracted file with the current time before it sets the archive's time, so the archive's
     * time lies after the whole extraction, and every write gets a later time than the one before.
     */
    private long nextModifiedSecond() {
        long afterExtraction = System.currentTimeMillis() / 1000 + 2;
        lastModifiedSecond = Math.max(afterExtraction, lastModifiedSecond + 1);
        return lastModifiedSecond;
    }

    /** Waits until the proxy serves {@code token}, or throws with the last check result and proxy output. */
    private void awaitServed(String token, String action) {
        Duration limit = settings.switchTimeLimit();
        String result = check.awaitToken(token, limit);
        if (result == null) {
            return;
        }
        String message = "Unable to " + action + ": proxy container '" + name + "' did not serve its new"
                + " configuration within " + DockerFailures.format(limit) + " (last check at " + check.address()
                + ": " + result + "), so it may still serve the earlier route. Check the proxy's output and that"
                + " host port " + settings.httpPort() + " reaches it, then deploy again.";
        throw new StepFailedException(DockerFailures.withOutput(message, "Last proxy output", lastOutput()));
    }

    /**
     * Returns the proxy's last output lines without the lines about requests. The proxy serves every team's
     * applications, and its request lines contain their host names, URIs with query strings and client addresses,
     * which must not reach a deployment's reason, where the application's team and the audit log read it.
     */
    private List<String> lastOutput() {
        List<String> lines;
        try {
            lines = logs.apply(name, SCANNED_LINES);
        } catch (RuntimeException e) {
            return List.of("(output unavailable: " + DockerFailures.reason(e) + ")");
        }
        List<String> configurationLines = withoutRequestLines(lines);
        return configurationLines.subList(Math.max(0, configurationLines.size() - TAIL_LINES),
                configurationLines.size());
    }

    /**
     * Returns the lines that are not about a request. Caddy 2.6.2 writes the line of a failed request with the
     * logger {@code http.log.error} and a {@code request} object that contains its host, URI and headers.
     */
    static List<String> withoutRequestLines(List<String> lines) {
        return lines.stream()
                .filter(line -> !line.contains(REQUEST_LOGGER) && !line.contains(REQUEST_FIELD))
                .toList();
    }

    private void connect(InspectContainerResponse proxy, String network) {
        if (networksOf(proxy).containsKey(network)) {
            return;
        }
        try {
            api.connectToNetworkCmd().withContainerId(proxy.getId()).withNetworkId(network).exec();
            LOG.info("proxy [{}] connected to network [{}]", name, network);
        } catch (NotFoundException e) {
            throw failures.failure("connect proxy container '" + name + "' to network '" + network + "'", e,
                    "Deploy the application again, so that the engine creates its network.");
        } catch (RuntimeException e) {
            throw failures.failure("connect proxy container '" + name + "' to network '" + network + "'", e,
                    "Check the Docker engine's network setup.");
        }
    }

    /** Connects a new proxy to the network of a restored route; a network removed since then is skipped. */
    private void connectRestored(String containerId, String network) {
        try {
            api.connectToNetworkCmd().withContainerId(containerId).withNetworkId(network).exec();
        } catch (NotFoundException e) {
            LOG.warn("proxy [{}] not connected to network [{}] of a restored route, because the network is gone",
                    name, network);
        } catch (RuntimeException e) {
            throw failures.failure("connect proxy container '" + name + "' to network '" + network + "'", e,
                    "Check the Docker engine's network setup.");
        }
    }

    private void disconnect(InspectContainerResponse proxy, String network) {
        if (!networksOf(proxy).containsKey(network)) {
            return;
        }
        try {
            api.disconnectFromNetworkCmd().withContainerId(proxy.getId()).withNetworkId(network).withForce(true)
                    .exec();
            LOG.info("proxy [{}] disconnected from network [{}]", name, network);
        } catch (NotFoundException e) {
            LOG.debug("proxy [{}] network [{}] already gone", name, network);
        } catch (RuntimeException e) {
            throw failures.failure("disconnect proxy container '" + name + "' from network '" + network + "'", e,
                    "Remove the application again.");
        }
    }

    private static Map<String, ContainerNetwork> networksOf(InspectContainerResponse container) {
        if (container.getNetworkSettings() == null || container.getNetworkSettings().getNetworks() == null) {
            return Map.of();
        }
        return container.getNetworkSettings().getNetworks();
    }

    /** Returns the proxy container, or null when it does not exist. */
    private InspectContainerResponse find() {
        try {
            return api.inspectContainerCmd(name).exec();
        } catch (NotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            throw failures.failure("look up proxy container '" + name + "'", e, "Check the Docker engine.");
        }
    }

    private InspectContainerResponse inspect(String id) {
        try {
            return api.inspectContainerCmd(id).exec();
        } catch (RuntimeException e) {
            throw failures.failure("inspect proxy container '" + name + "'", e, "Check whether something else"
                    + " removed it, then deploy again.");
        }
    }

    /** Throws unless the container carries this engine's proxy labels, so that a name clash never touches it. */
    private void requireProxy(InspectContainerResponse container) {
        Map<String, String> found = container.getConfig() == null || container.getConfig().getLabels() == null
                ? Map.of() : container.getConfig().getLabels();
        if (!"true".equals(found.get(PROXY_LABEL)) || !"true".equals(found.get(EngineLabels.MANAGED))) {
            throw new StepFailedException("Unable to use proxy container '" + name + "': a container of that name"
                    + " exists but was not created by Slipway as a proxy (labels " + EngineLabels.MANAGED + "=true"
                    + " and " + PROXY_LABEL + "=true are missing). Remove or rename it, then deploy again.");
        }
    }

    private boolean matchesSettings(InspectContainerResponse proxy) {
        String image = proxy.getConfig() == null ? null : proxy.getConfig().getImage();
        Ports.Binding binding = publishedBinding(proxy);
        String networkMode = proxy.getHostConfig() == null ? null : proxy.getHostConfig().getNetworkMode();
        return settings.image().equals(image) && binding != null && networkName.equals(networkMode)
                && settings.publishAddress().equals(binding.getHostIp())
                && String.valueOf(settings.httpPort()).equals(binding.getHostPortSpec());
    }

    /** Returns the binding that the proxy was created with, which Docker reports also while it is stopped. */
    private static Ports.Binding publishedBinding(InspectContainerResponse proxy) {
        if (proxy.getHostConfig() == null || proxy.getHostConfig().getPortBindings() == null) {
            return null;
        }
        Ports.Binding[] bindings = proxy.getHostConfig().getPortBindings().getBindings()
                .get(ExposedPort.tcp(CaddyConfig.CONTAINER_PORT));
        return bindings == null || bindings.length == 0 ? null : bindings[0];
    }

    private static boolean isRunning(InspectContainerResponse container) {
        return container.getState() != null && Boolean.TRUE.equals(container.getState().getRunning());
    }

    /**
     * Reads the site files of a proxy container, by path relative to the configuration folder. On a failure it
     * logs {@code consequence} and returns what it read.
     */
    private Map<String, String> readSiteFiles(String containerId, String consequence) {
        Map<String, String> files = new LinkedHashMap<>();
        try (InputStream stream = api.copyArchiveFromContainerCmd(containerId,
                CaddyConfig.CONFIG_DIRECTORY + "/sites").exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile() && entry.getName().startsWith(SITE_FILE_PREFIX)) {
                    files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("proxy [{}] site files not read, so {}: {}", name, consequence, e.getMessage());
        }
        return files;
    }

    private void removeQuietly(String id) {
        try {
            api.removeContainerCmd(id).withForce(true).exec();
            ChangeLog.record("removed", "container", id, name, labels);
        } catch (RuntimeException e) {
            LOG.error("proxy [{}] id [{}] not removed after its failed start: {}", name, id,
                    DockerFailures.reason(e));
        }
    }
}
