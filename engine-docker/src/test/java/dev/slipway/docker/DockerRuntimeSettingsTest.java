package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DockerRuntimeSettingsTest {

    private static final DockerRuntimeSettings DEFAULTS = DockerRuntimeSettings.defaults();

    @Test
    void defaultsUseLocalSocketLoopbackAndNobody() {
        assertThat(DEFAULTS.dockerHost()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(DEFAULTS.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(DEFAULTS.nonRootUser()).isEqualTo("65534:65534");
        assertThat(DEFAULTS.tlsCertificates()).isNull();
    }

    @Test
    void settingsWhenPlainTcpToRemoteHostRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DEFAULTS.withDockerHost(URI.create("tcp://docker.example.test:2375"), null, true))
                .withMessageContaining("needs mutual TLS");
    }

    @Test
    void plainLoopbackTcpNeedsOptIn() {
        URI loopback = URI.create("tcp://127.0.0.1:2375");

        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withDockerHost(loopback, null, false))
                .withMessageContaining("needs mutual TLS");
        assertThat(DEFAULTS.withDockerHost(loopback, null, true).dockerHost()).isEqualTo(loopback);
    }

    @Test
    void settingsWhenTcpHasCertificatesAccepted() {
        URI remote = URI.create("tcp://docker.example.test:2376");

        DockerRuntimeSettings settings = DEFAULTS.withDockerHost(remote, Path.of("/etc/slipway/docker-tls"), false);

        assertThat(settings.tlsCertificates()).isEqualTo(Path.of("/etc/slipway/docker-tls"));
    }

    @Test
    void localHostOnlyForSocketAndLoopback() {
        Path certificates = Path.of("certificates");

        assertThat(DEFAULTS.isLocalHost()).isTrue();
        assertThat(DEFAULTS.withDockerHost(URI.create("tcp://127.0.0.1:2375"), null, true).isLocalHost()).isTrue();
        assertThat(DEFAULTS.withDockerHost(URI.create("tcp://localhost:2376"), certificates, false).isLocalHost())
                .isTrue();
        assertThat(DEFAULTS.withDockerHost(URI.create("tcp://docker.example.test:2376"), certificates, false)
                .isLocalHost()).isFalse();
        assertThat(DEFAULTS.withDockerHost(URI.create("tcp://192.0.2.7:2376"), certificates, false).isLocalHost())
                .isFalse();
    }

    @Test
    void settingsWhenSchemeUnknownRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DEFAULTS.withDockerHost(URI.create("http://127.0.0.1:2375"), null, true))
                .withMessageContaining("use unix:///path/to/docker.sock or tcp://host:port");
    }

    @Test
    void settingsWhenNonRootUserIsRootRejected() {
        for (String user : new String[] {"0:0", "0:65534", "65534:0", "root", "65534", "", "1000:1000;rm"}) {
            assertThatIllegalArgumentException()
                    .as("user '%s'", user)
                    .isThrownBy(() -> new DockerRuntimeSettings(DEFAULTS.dockerHost(), null, false, "127.0.0.1", user,
                            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                            Duration.ofSeconds(1), Duration.ofSeconds(1)))
                    .withMessageContaining("non-root user");
        }
    }

    @Test
    void settingsRejectHostNameAsBindAddress() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DockerRuntimeSettings(DEFAULTS.dockerHost(), null, false, "localhost",
                        "65534:65534", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .withMessageContaining("Invalid bind address 'localhost'");
    }

    @Test
    void settingsWhenTimeoutNotPositiveRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withStartupCheck(Duration.ZERO))
                .withMessageContaining("Invalid startupCheck");
    }
}
