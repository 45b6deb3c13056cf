package dev.slipway.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.spec.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHealthCheckTest {

    @Test
    void parseFillsDefaults() {
        HttpHealthCheck check = HttpHealthCheck.parse(null, null, null, null, null, null);

        assertThat(check).isEqualTo(HttpHealthCheck.of("/"));
        assertThat(check.startPeriod()).isEqualTo(Duration.ZERO);
    }

    @Test
    void parseKeepsEveryField() {
        HttpHealthCheck check = HttpHealthCheck.parse("/ready?deep=1", 204, 250L, 1500L, 4, 10_000L);

        assertThat(check.path()).isEqualTo("/ready?deep=1");
        assertThat(check.expectedStatus()).isEqualTo(204);
        assertThat(check.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(check.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(check.retries()).isEqualTo(4);
        assertThat(check.startPeriod()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void checkWithoutStartPeriodStartsProbingAtOnce() {
        HttpHealthCheck check = new HttpHealthCheck("/health", 200, Duration.ofMillis(50), Duration.ofSeconds(1), 3);

        assertThat(check.startPeriod()).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"health", "//evil.test/health", "/a b", "/tab\t", "/caf\u00e9", "/a\\b", "/a#b",
        "/..", "/a/../b", "/a/./b", "/%2e%2e/b", "/%2E./b", "/a/.%2e", "/x/.."})
    void pathOutsideRulesRejected(String path) {
        assertThatThrownBy(() -> HttpHealthCheck.parse(path, null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("healthCheck.path");
    }

    @Test
    void pathLongerThanLimitRejected() {
        String path = "/" + "a".repeat(HttpHealthCheck.MAX_PATH_LENGTH);

        assertThatThrownBy(() -> HttpHealthCheck.parse(path, null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 1024");
    }

    @Test
    void pathWithDotsInsideNamesAccepted() {
        assertThat(HttpHealthCheck.parse("/.well-known/ready..now/v1.2", null, null, null, null, null).path())
                .isEqualTo("/.well-known/ready..now/v1.2");
    }

    @Test
    void numbersOutsideRangesRejected() {
        assertField(() -> HttpHealthCheck.parse("/", 99, null, null, null, null), "healthCheck.expectedStatus");
        assertField(() -> HttpHealthCheck.parse("/", 600, null, null, null, null), "healthCheck.expectedStatus");
        assertField(() -> HttpHealthCheck.parse("/", null, 9L, null, null, null), "healthCheck.intervalMillis");
        assertField(() -> HttpHealthCheck.parse("/", null, 600_001L, null, null, null), "healthCheck.intervalMillis");
        assertField(() -> HttpHealthCheck.parse("/", null, null, 9L, null, null), "healthCheck.timeoutMillis");
        assertField(() -> HttpHealthCheck.parse("/", null, null, 300_001L, null, null), "healthCheck.timeoutMillis");
        assertField(() -> HttpHealthCheck.parse("/", null, null, null, -1, null), "healthCheck.retries");
        assertField(() -> HttpHealthCheck.parse("/", null, null, null, 1001, null), "healthCheck.retries");
        assertField(() -> HttpHealthCheck.parse("/", null, null, null, null, -1L), "healthCheck.startPeriodMillis");
        assertField(() -> HttpHealthCheck.parse("/", null, null, null, null, 1_800_001L),
                "healthCheck.startPeriodMillis");
    }

    @Test
    void constructorNamesDurationFields() {
        assertField(() -> new HttpHealthCheck("/", 200, Duration.ofMillis(9), Duration.ofSeconds(2), 3),
                "healthCheck.interval");
        assertField(() -> new HttpHealthCheck("/", 200, Duration.ofMillis(500), Duration.ofMillis(9), 3),
                "healthCheck.timeout");
        assertField(() -> new HttpHealthCheck("/", 200, Duration.ofMillis(500), Duration.ofSeconds(2), 3,
                Duration.ofMillis(-1)), "healthCheck.startPeriod");
    }

    @Test
    void parseKeepsRuleAndValueOfRenamedField() {
        assertThatThrownBy(() -> HttpHealthCheck.parse("/", null, 1L, null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid healthCheck.intervalMillis '1': must be from 10 to 600000 milliseconds");
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo(field);
    }
}
