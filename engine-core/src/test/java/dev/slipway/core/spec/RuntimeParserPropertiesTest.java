package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.application.VariableName;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ResourceLimits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds the parsers of health checks, variable names and resource limits hostile text and out-of-range numbers.
 * Each value must be rejected with a field name or, when accepted, satisfy the documented rule, checked here without
 * the parser's own code.
 */
class RuntimeParserPropertiesTest {

    private static final String METACHARACTERS = "-;|&$`'\"\\ \t\n\r\u0000/.:@{}~^*?[]#!<>()=,+%";

    @Property(tries = 2000)
    void healthCheckPathIsPlainOriginPath(@ForAll("healthPaths") String path) {
        accepted(() -> HttpHealthCheck.parse(path, null, null, null, null, null)).ifPresent(check -> {
            String value = check.path();
            assertThat(value).isEqualTo(path).startsWith("/").doesNotStartWith("//").hasSizeLessThanOrEqualTo(1024);
            assertThat(value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\' && c != '#')).isTrue();
            String withoutQuery = value.contains("?") ? value.substring(0, value.indexOf('?')) : value;
            List<String> segments = List.of(withoutQuery.replaceAll("(?i)%2e", ".").split("/", -1));
            assertThat(segments).doesNotContain(".", "..");
        });
    }

    @Property(tries = 2000)
    void healthCheckNumbersStayInRange(@ForAll("statuses") Integer status, @ForAll("millis") Long interval,
                                       @ForAll("millis") Long timeout, @ForAll("counts") Integer retries,
                                       @ForAll("millis") Long start) {
        accepted(() -> HttpHealthCheck.parse("/health", status, interval, timeout, retries, start))
                .ifPresent(check -> {
                    assertThat(check.expectedStatus()).isBetween(100, 599);
                    assertThat(check.interval()).isBetween(Duration.ofMillis(10), Duration.ofMinutes(10));
                    assertThat(check.timeout()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
                    assertThat(check.retries()).isBetween(0, 1000);
                    assertThat(check.startPeriod()).isBetween(Duration.ZERO, Duration.ofMinutes(30));
                });
    }

    @Property(tries = 2000)
    void variableNameIsPortableShellName(@ForAll("names") String value) {
        accepted(() -> new VariableName(value)).ifPresent(name -> {
            assertThat(name.value()).isEqualTo(value).hasSizeLessThanOrEqualTo(255);
            assertThat(name.value()).matches("[A-Za-z_][A-Za-z0-9_]*");
        });
    }

    @Property(tries = 2000)
    void resourceLimitsKeepDockerMinimums(@ForAll("numbers") long memory, @ForAll("numbers") long cpus,
                                          @ForAll("numbers") long pids) {
        accepted(() -> new ResourceLimits(memory, cpus, pids)).ifPresent(limits -> {
            assertThat(limits.memoryBytes()).isGreaterThanOrEqualTo(6L * 1024 * 1024);
            assertThat(limits.nanoCpus()).isGreaterThanOrEqualTo(10_000_000L);
            assertThat(limits.pids()).isPositive();
        });
    }

    private static <T> Optional<T> accepted(Supplier<T> parser) {
        try {
            return Optional.of(parser.get());
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u0000").hasSizeLessThan(2000);
            assertThat(e.field()).isNotBlank();
            return Optional.empty();
        }
    }

    @Provide
    Arbitrary<String> healthPaths() {
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("..", ".", "", "%2e%2E", "%2e", "~", "a b",
                        "#frag", "\\", "\u00e9", "?q=..", "\u0000"),
                Arbitraries.strings().withCharRange('a', 'z').withChars(METACHARACTERS).ofMinLength(1)
                        .ofMaxLength(8));
        Arbitrary<String> joined = segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("/", parts));
        return Arbitraries.oneOf(joined, joined.map(path -> "/" + path), joined.map(path -> "//" + path),
                Arbitraries.strings().withChars("/a").ofMinLength(1000).ofMaxLength(1100));
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-1000, 1000),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<Long> millis() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-100_000, 3_000_000),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE / 2, 0L, 9L, 10L), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<Integer> counts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-10, 2000), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('A', 'Z').withChars("_0123456789" + METACHARACTERS)
                        .ofMinLength(0).ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(10),
                Arbitraries.strings().withChars("A_").ofMinLength(250).ofMaxLength(300));
    }

    @Provide
    Arbitrary<Long> numbers() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-10, 20_000_000),
                Arbitraries.of(0L, 1L, 6L * 1024 * 1024 - 1, 6L * 1024 * 1024, 9_999_999L, 10_000_000L));
    }
}
