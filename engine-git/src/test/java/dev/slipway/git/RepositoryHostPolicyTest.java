package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.core.policy.OutboundAddressPolicy;
import dev.slipway.core.policy.OutboundAddressRefusedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryHostPolicyTest {

    private static final CommitSha ANY_COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");

    private final JGitSourceRepository strict = new JGitSourceRepository();

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "10.0.0.7", "192.168.1.10", "172.16.5.4", "100.100.100.200",
        "0.0.0.0", "[::1]", "[fd00:ec2::254]", "[fe80::1]", "[::ffff:127.0.0.1]", "localhost"})
    void resolveRejectsInternalHostBeforeConnecting(String host) {
        RepositoryUrl url = RepositoryUrl.parse("https://" + host + "/org/app.git");

        assertThatThrownBy(() -> strict.resolve(url, new GitRef("main")))
                .isInstanceOf(OutboundAddressRefusedException.class)
                .hasMessageContaining("Unable to connect to repository '" + url + "'")
                .hasMessageContaining("an internal address")
                .hasMessageContaining("outbound allowlist");
    }

    @Test
    void resolveRejectsLoopbackWithoutConnecting() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            RepositoryUrl url = RepositoryUrl.parse("http://127.0.0.1:" + server.getLocalPort() + "/org/app.git");

            assertThatThrownBy(() -> strict.resolve(url, new GitRef("main")))
                    .isInstanceOf(OutboundAddressRefusedException.class)
                    .hasMessageContaining("resolves to 127.0.0.1");
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void checkOutRejectsMetadataHost() {
        RepositoryUrl url = RepositoryUrl.parse("https://169.254.169.254/latest/meta-data.git");
        Path directory = temp.resolve("checkout");

        assertThatThrownBy(() -> strict.checkOut(url, new GitRef("main"), ANY_COMMIT, directory))
                .isInstanceOf(OutboundAddressRefusedException.class)
                .hasMessageContaining("resolves to 169.254.169.254");
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void resolveRejectsRedirectToInternalAddress() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.2"))) {
            target.setSoTimeout(300);
            HttpServer redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            redirector.createContext("/", exchange -> {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + target.getLocalPort()
                        + exchange.getRequestURI());
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            redirector.start();
            try {
                JGitSourceRepository loopbackOnly = new JGitSourceRepository(JGitSourceRepository.Settings.DEFAULTS
                        .withOutboundAddresses(OutboundAddressPolicy.allowing("127.0.0.1")));
                RepositoryUrl url = RepositoryUrl.parse("http://127.0.0.1:" + redirector.getAddress().getPort()
                        + "/org/app.git");

                assertThatThrownBy(() -> loopbackOnly.resolve(url, new GitRef("main")))
                        .isInstanceOf(OutboundAddressRefusedException.class)
                        .hasMessageContaining("resolves to 127.0.0.2");
                assertThatThrownBy(target::accept).isInstanceOf(SocketTimeoutException.class);
            } finally {
                redirector.stop(0);
            }
        }
    }

    @Test
    void resolveReachesAllowlistedLoopbackServer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            JGitSourceRepository allowed = new JGitSourceRepository(new JGitSourceRepository.Settings(1,
                    OutboundAddressPolicy.allowing("127.0.0.0/8")));
            RepositoryUrl url = RepositoryUrl.parse("http://127.0.0.1:" + server.getLocalPort() + "/org/app.git");

            assertThatThrownBy(() -> allowed.resolve(url, new GitRef("main")))
                    .isNotInstanceOf(OutboundAddressRefusedException.class)
                    .hasMessageContaining("timed out");
        }
    }
}
