package dev.slipway.docker.autoconfigure;

import dev.slipway.docker.DockerRuntimeSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of the Docker container runtime, under {@code slipway.docker}. */
@ConfigurationProperties("slipway.docker")
public class DockerRuntimeProperties {

    private static final DockerRuntimeSettings DEFAULTS = DockerRuntimeSettings.defaults();

    /** Docker Engine API endpoint: unix:///path/to/docker.sock, or tcp://host:port with mutual TLS. */
    private URI host = DEFAULTS.dockerHost();

    /** Folder with ca.pem, cert.pem and key.pem for mutual TLS to a tcp:// endpoint. */
    private Path tlsCertificates;

    /** Whether a tcp:// endpoint on a loopback address may be used without TLS. */
    private boolean plainTcpToLoopback;

    /** Host IP address that container ports are published on. */
    private String bindAddress = DEFAULTS.bindAddress();

    /** Numeric uid:gid that containers run as when their image's USER is root or unset. */
    private String nonRootUser = DEFAULTS.nonRootUser();

    /** Time to open a connection to the Docker engine. */
    private Duration connectTimeout = DEFAULTS.connectTimeout();

    /** Time to wait for the response to one Docker API call other than a build. */
    private Duration responseTimeout = DEFAULTS.responseTimeout();

    /** Time one image build may take. */
    private Duration buildTimeout = DEFAULTS.buildTimeout();

    /** Time a container gets to stop after its stop signal, SIGTERM by default, before it is killed. */
    private Duration stopTimeout = DEFAULTS.stopTimeout();

    /** Time a new container is watched for an early exit before it counts as started. */
    private Duration startupCheck = DEFAULTS.startupCheck();

    /** Returns the runtime settings these properties describe, validated. */
    public DockerRuntimeSettings toSettings() {
        return new DockerRuntimeSettings(host, tlsCertificates, plainTcpToLoopback, bindAddress, nonRootUser,
                connectTimeout, responseTimeout, buildTimeout, stopTimeout, startupCheck);
    }

    public URI getHost() {
        return host;
    }

    public void setHost(URI host) {
        this.host = host;
    }

    public Path getTlsCertificates() {
        return tlsCertificates;
    }

    public void setTlsCertificates(Path tlsCertificates) {
        this.tlsCertificates = tlsCertificates;
    }

    public boolean isPlainTcpToLoopback() {
        return plainTcpToLoopback;
    }

    public void setPlainTcpToLoopback(boolean plainTcpToLoopback) {
        this.plainTcpToLoopback = plainTcpToLoopback;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public String getNonRootUser() {
        return nonRootUser;
    }

    public void setNonRootUser(String nonRootUser) {
        this.nonRootUser = nonRootUser;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public Duration getBuildTimeout() {
        return buildTimeout;
    }

    public void setBuildTimeout(Duration buildTimeout) {
        this.buildTimeout = buildTimeout;
    }

    public Duration getStopTimeout() {
        return stopTimeout;
    }

    public void setStopTimeout(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    public Duration getStartupCheck() {
        return startupCheck;
    }

    public void setStartupCheck(Duration startupCheck) {
        this.startupCheck = startupCheck;
    }
}
