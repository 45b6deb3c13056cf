package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.spec.RepositoryUrl.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryUrlTest {

    @Test
    void sshUrlKeepsHostPortAndPath() {
        RepositoryUrl url = RepositoryUrl.parse("ssh://git@git.example.test:2222/org/repo.git");

        assertThat(url.transport()).isEqualTo(Transport.SSH);
        assertThat(url.host()).isEqualTo("git.example.test");
        assertThat(url.port()).isEqualTo(2222);
        assertThat(url.path()).isEqualTo("/org/repo.git");
        assertThat(url.value()).isEqualTo("ssh://git@git.example.test:2222/org/repo.git");
    }

    @Test
    void scpLikeUrlIsSshOnPort22() {
        RepositoryUrl url = RepositoryUrl.parse("git@git.example.test:org/repo.git");

        assertThat(url.transport()).isEqualTo(Transport.SSH);
        assertThat(url.host()).isEqualTo("git.example.test");
        assertThat(url.port()).isEqualTo(22);
        assertThat(url.path()).isEqualTo("org/repo.git");
    }

    @Test
    void httpUrlKeepsSchemeAndPort() {
        RepositoryUrl url = RepositoryUrl.parse("http://git.internal.test:3000/org/repo.git");

        assertThat(url.transport()).isEqualTo(Transport.HTTP);
        assertThat(url.port()).isEqualTo(3000);
        assertThat(url.value()).startsWith("http://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--upload-pack=/bin/true", "ext::sh -c true", "ext::sh", "/srv/git/repo.git",
            "../repo", "ftp://git.example.test/repo.git", "https://git.example.test/a b", "https://git.example.test/\n",
            "", "fd::17", "file://git.example.test:a@/", "file://host/srv/repo.git"})
    void rejectsValuesOutsideTheDocumentedForms(String value) {
        assertThatThrownBy(() -> RepositoryUrl.parse(value))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("repositoryUrl"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://git.example.test/org/repo.git?access_token=TEST_TOKEN_123",
        "https://git.example.test/org/repo.git#TEST_TOKEN_123", "ssh://git@git.example.test/org/repo.git?TEST_TOKEN_123",
        "http://git.example.test/repo.git?private_token=TEST_TOKEN_123"})
    void queryInNewUrlIsRejectedWithoutEchoingIt(String value) {
        assertThatThrownBy(() -> RepositoryUrl.parseInput(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("TEST_TOKEN_123");
                    assertThat(e.field()).isEqualTo("repositoryUrl");
                    assertThat(e.rule()).contains("query or fragment");
                });
        assertThat(RepositoryUrl.parse(value).value()).as("a stored URL stays readable").isEqualTo(value);
    }

    @Test
    void credentialsInUrlAreRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> RepositoryUrl.parse("https://oauth2:TEST_TOKEN_123@git.example.test/org/repo.git"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("TEST_TOKEN_123");
                    assertThat(e.rejectedValue()).doesNotContain("TEST_TOKEN_123");
                    assertThat(e.rule()).contains("credential");
                });
    }

    @Test
    void strictPolicyRejectsHttpAndLocalRepositories() {
        assertThatThrownBy(() -> SourcePolicy.STRICT.check(RepositoryUrl.parse("http://git.internal.test/r.git")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SourcePolicy.STRICT.check(RepositoryUrl.parse("file:///srv/git/r.git")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(SourcePolicy.STRICT.check(RepositoryUrl.parse("https://git.example.test/r.git"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:secretpw@127.0.0.1/x y.git", "ftp://user:secretpw@127.0.0.1/x.git",
            "-https://user:secretpw@127.0.0.1/x.git", "https://secretpw@127.0.0.1/x\u0007.git",
            "https://user:secretpw@a@127.0.0.1/x.git", "user:secretpw@127.0.0.1:x.git"})
    void rejectionNeverEchoesCredential(String value) {
        assertThatThrownBy(() -> RepositoryUrl.parse(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("secretpw");
                    assertThat(e.rejectedValue()).doesNotContain("secretpw");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"git@-oProxyCommand:x", "-git@host:x", "git@host:/", "git.example.test:2222://a/b"})
    void malformedScpLikeUrlIsRejected(String value) {
        assertThatThrownBy(() -> RepositoryUrl.parse(value)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://git.example.test:222200/org/r.git", "http://git.example.test:65536/r.git",
            "ssh://git@git.example.test:0/org/r.git", "https://git.example.test:00/r.git",
            "https://git.example.test:2147483648/r.git", "https://[::1]:99999999999/r.git"})
    void newUrlRejectsPortOutsideRange(String value) {
        assertThatThrownBy(() -> RepositoryUrl.parseInput(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("repositoryUrl");
                    assertThat(e.rule()).isEqualTo("port must be between 1 and 65535");
                });
    }

    @Test
    void invalidHostWithPortGetsHostRule() {
        assertThatThrownBy(() -> RepositoryUrl.parseInput("https://git_server.example.test:8443/r.git"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.rule()).isEqualTo("must name a host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://git.example.test:222200/org/r.git", "ssh://git@git.example.test:0/org/r.git"})
    void storedUrlWithBadPortStaysReadable(String value) {
        assertThat(RepositoryUrl.parse(value).value()).isEqualTo(value);
    }

    @Test
    void newUrlKeepsEdgePorts() {
        assertThat(RepositoryUrl.parseInput("https://git.example.test:65535/r.git").port()).isEqualTo(65_535);
        assertThat(RepositoryUrl.parseInput("ssh://git@git.example.test:1/r.git").port()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/../etc", "file:///srv/repos/../../etc", "file:///srv/repos/./r.git",
            "file:///srv/repos/..", "file:///srv/repos/%2e%2e/etc", "file:///srv/repos/%2E%2E/etc",
            "file:///srv/repos/.%2e/etc", "file:///srv/repos/%2e./etc", "file:///srv/repos/%2e/r.git",
            "file:///srv/repos/..%2f..%2fetc", "file:///srv/repos/%252e%252e/etc",
            "https://git.example.test/org/../other/r.git", "https://git.example.test/org/%2e%2e/r.git",
            "https://git.example.test/./r.git", "http://git.internal.test/org/..",
            "ssh://git@git.example.test/org/../r.git", "ssh://git@git.example.test/%2e%2e/r.git",
            "git@git.example.test:../r.git", "git@git.example.test:org/../r.git",
            "git@git.example.test:org/%2e%2e/r.git", "git@git.example.test:org\\..\\r.git"})
    void dotSegmentsAreRejectedForEveryScheme(String value) {
        assertThatThrownBy(() -> RepositoryUrl.parse(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("repositoryUrl");
                    assertThat(e.rule()).contains("'..' path segments");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///srv/repos/r..git", "file:///srv/repos/.hidden/r.git",
            "https://git.example.test/org/r.git.", "https://git.example.test/org/..r.git",
            "git@git.example.test:org/.r.git", "https://git.example.test/org/%41r.git"})
    void dotsInsideSegmentNamesAreAccepted(String value) {
        assertThat(RepositoryUrl.parse(value).value()).isEqualTo(value);
    }
}
