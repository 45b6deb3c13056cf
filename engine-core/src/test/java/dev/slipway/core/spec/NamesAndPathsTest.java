package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesAndPathsTest {

    @Test
    void applicationNameMayStartWithDigit() {
        assertThat(new ApplicationName("3d-viewer").value()).isEqualTo("3d-viewer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"My_App", "-web", "web-", "a.b", "", "web app"})
    void invalidApplicationNameIsRejectedWithRule(String value) {
        assertThatThrownBy(() -> new ApplicationName(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.rule()).contains("lower-case letters, digits and '-'");
                });
    }

    @Test
    void applicationNameLongerThanDnsLabelIsRejected() {
        assertThatThrownBy(() -> new ApplicationName("x".repeat(64))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void pathsAreNormalized() {
        assertThat(new CheckoutPath("services/api/").value()).isEqualTo("services/api");
        assertThat(new CheckoutPath("./docker//Dockerfile.prod").value()).isEqualTo("docker/Dockerfile.prod");
        assertThat(new CheckoutPath(".").value()).isEqualTo(".");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../etc/passwd", "/etc/passwd", "a/../../b", "a\\b", "-f", ""})
    void pathsLeavingTheCheckoutAreRejected(String value) {
        assertThatThrownBy(() -> CheckoutPath.of("dockerfile", value))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("dockerfile"));
    }

    @Test
    void symbolicLinkOutOfCheckoutIsRejected(@TempDir Path temp) throws Exception {
        Path checkout = Files.createDirectories(temp.resolve("checkout"));
        Files.createSymbolicLink(checkout.resolve("Dockerfile"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> new CheckoutPath("Dockerfile").resolveInside(checkout))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("inside the repository");
    }
}
