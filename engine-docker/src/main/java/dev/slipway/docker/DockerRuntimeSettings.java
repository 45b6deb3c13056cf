package dev.slipway.docker;

import dev.slipway.core.runtime.EngineLabels;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings of {@link DockerContainerRuntime}.
 *
 * @param dockerHost          the Docker Engine API endpoint: {@code unix:///path/to/docker.sock}, or
 *                            {@code tcp://host:port} with mutual TLS
 * @param tlsCertificates     folder with {@code ca.pem}, {@code cert.pem} and {@code key.pem} for mutual TLS to a
 *                            {@code tcp://} endpoint, or {@code null} for a Unix socket
 * @param plainTcpToLoopback  whether a {@code tcp://} endpoint on a loopback address may be used without TLS
 * @param bindAddress         the host IP address that container ports are published on
 * @param nonRootUser         the {@code uid:gid} that containers run as when their image's {@code USER} is root or
 *                            unset; neither may be 0
 * @param connectTimeout      time to open a connection to the Docker engine
 * @param responseTimeout     time to wait for the response to one Docker API call other than a build
 * @param buildTimeout        time one image build may take
 * @param stopTimeout         time a container gets to stop after its stop signal before it is killed
 * @param startupCheck        maximum time to wait, after a container is started, for Docker to report it as
 *                            running or stopped. A container that stops later fails its health check.
 * @param engineId            the value of the {@code dev.slipway.engine} label on every object the runtime creates;
 *                            engines that share a Docker host need different ids; null for {@code default}
 */
public record DockerRuntimeSettings(URI dockerHost, Path tlsCertificates, boolean plainTcpToLoopback,
                                    String bindAddress, String nonRootUser, Duration connectTimeout,
                                    Duration responseTimeout, Duration buildTimeout, Duration stopTimeout,
                                    Duration startupCheck, String engineId) {

    /** The Docker engine's default local socket. */
    public static final URI DEFAULT_DOCKER_HOST = URI.create("unix:///var/run/docker.sock");

    private static final Pattern NUMERIC_USER = Pattern.compile("([0-9]{1,10}):([0-9]{1,10})");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final Pattern ENGINE_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public DockerRuntimeSettings {
        requireHost(dockerHost, tlsCertificates, plainTcpToLoopback);
        if (bindAddress == null || !(IPV4.matcher(bindAddress).matches() || IPV6.matcher(bindAddress).matches())) {
            throw new IllegalArgumentException("Invalid bind address '" + bindAddress
                    + "': must be an IP address such as 127.0.0.1");
        }
        requireNonRootUser(nonRootUser);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("responseTimeout", responseTimeout);
        requirePositive("buildTimeout", buildTimeout);
        requirePositive("stopTimeout", stopTimeout);
        requirePositive("startupCheck", startupCheck);
        engineId = engineId == null ? EngineLabels.DEFAULT_ENGINE_ID : engineId;
        if (!ENGINE_ID.matcher(engineId).matches()) {
            throw new IllegalArgumentException("Invalid engine id '" + engineId + "': use 1 to 63 lowercase letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Creates settings with the engine id {@code default}. */
    public DockerRuntimeSettings(URI dockerHost, Path tlsCertificates, boolean plainTcpToLoopback,
                                 String bindAddress, String nonRootUser, Duration connectTimeout,
                                 Duration responseTimeout, Duration buildTimeout, Duration stopTimeout,
                                 Duration startupCheck) {
        this(dockerHost, tlsCertificates, plainTcpToLoopback, bindAddress, nonRootUser, connectTimeout,
                responseTimeout, buildTimeout, stopTimeout, startupCheck, null);
    }

    /**
     * Returns the settings for the local Docker engine: the default socket, ports published on 127.0.0.1, user
     * {@code 65534:65534} (nobody) for root images, and timeouts of 5 s to connect, 60 s per API call, 30 min per
     * build, 5 s to stop and 1 s of startup check.
     */
    public static DockerRuntimeSettings defaults() {
        return new DockerRuntimeSettings(DEFAULT_DOCKER_HOST, null, false, "127.0.0.1", "65534:65534",
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(30), Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    /** Returns a copy of these settings with another Docker endpoint. */
    public DockerRuntimeSettings withDockerHost(URI host, Path certificates, boolean plainTcpToLoopbackAllowed) {
        return new DockerRuntimeSettings(host, certificates, plainTcpToLoopbackAllowed, bindAddress, nonRootUser,
                connectTimeout, responseTimeout, buildTimeout, stopTimeout, startupCheck, engineId);
    }

    /** Returns a copy of these settings that watches new containers for {@code duration} before they count. */
    public DockerRuntimeSettings withStartupCheck(Duration duration) {
        return new DockerRuntimeSettings(dockerHost, tlsCertificates, plainTcpToLoopback, bindAddress, nonRootUser,
                connectTimeout, responseTimeout, buildTimeout, stopTimeout, duration, engineId);
    }

    /** Returns a copy of these settings that labels what the runtime creates with {@code id}. */
    public DockerRuntimeSettings withEngineId(String id) {
        return new DockerRuntimeSettings(dockerHost, tlsCertificates, plainTcpToLoopback, bindAddress, nonRootUser,
                connectTimeout, responseTimeout, buildTimeout, stopTimeout, startupCheck, id);
    }

    private static void requireHost(URI host, Path certificates, boolean plainTcpToLoopback) {
        if (host == null) {
            throw new IllegalArgumentException("Missing Docker host: set a URI such as " + DEFAULT_DOCKER_HOST);
        }
        String scheme = host.getScheme();
        if ("unix".equals(scheme)) {
            if (host.getPath() == null || host.getPath().isEmpty()) {
                throw new IllegalArgumentException("Invalid Docker host '" + host
                        + "': a unix URI needs a socket path, such as " + DEFAULT_DOCKER_HOST);
            }
            return;
        }
        if (!"tcp".equals(scheme) || host.getHost() == null || host.getPort() < 1) {
            throw new IllegalArgumentException("Invalid Docker host '" + host
                    + "': use unix:///path/to/docker.sock or tcp://host:port");
        }
        if (certificates == null && !(plainTcpToLoopback && isLoopback(host.getHost()))) {
            throw new IllegalArgumentException("Docker host '" + host + "' needs mutual TLS: set the folder with"
                    + " ca.pem, cert.pem and key.pem. Plain TCP is allowed only to a loopback address, and only"
                    + " when plain TCP to loopback is enabled.");
        }
    }

    /** Returns whether the Docker host is on this machine: a Unix socket, or TCP to a loopback address. */
    public boolean isLocalHost() {
        return "unix".equals(dockerHost.getScheme())
                || "tcp".equals(dockerHost.getScheme()) && isLoopback(dockerHost.getHost());
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") && IPV4.matcher(host).matches()
                || "[::1]".equals(host) || "::1".equals(host);
    }

    private static void requireNonRootUser(String user) {
        var matcher = user == null ? null : NUMERIC_USER.matcher(user);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("Invalid non-root user '" + user
                    + "': must be a numeric uid:gid such as 65534:65534");
        }
        if (Long.parseLong(matcher.group(1)) == 0 || Long.parseLong(matcher.group(2)) == 0) {
            throw new IllegalArgumentException("Invalid non-root user '" + user
                    + "': uid and gid must not be 0 (root); use an unprivileged id such as 65534:65534");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid " + name + " '" + value + "': must be a positive duration");
        }
    }
}
