package dev.slipway.testsupport;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Lists creation request fields that the engine rejects, for parameterized tests of both frontends. Each case is the
 * field, its value, and a part of the rule that the rejection names.
 */
public final class RejectedApplicationFields {

    private RejectedApplicationFields() {
    }

    /** Returns runtime, name and build fields whose values the container policy or input validation rejects. */
    public static Stream<Arguments> runtimeFields() {
        return Stream.of(
                Arguments.of("volumes", List.of("/var/run/docker.sock:/var/run/docker.sock"), "host paths"),
                Arguments.of("volumes", List.of("/:/host"), "host paths"),
                Arguments.of("volumes", List.of("data:/proc/sys"), "/proc"),
                Arguments.of("capabilities", List.of("SYS_ADMIN"), "policy allows"),
                Arguments.of("capabilities", List.of("ALL"), "Linux capability name"),
                Arguments.of("ports", List.of("6543:"), "[address:]hostPort:containerPort"),
                Arguments.of("ports", List.of("0.0.0.0:6543:5432"), "loopback"),
                Arguments.of("ports", List.of("127.0.0.1:6543:5432", "127.0.0.1:6543:80"), "repeat"),
                Arguments.of("labels", List.of(Map.of("key", "dev.slipway.managed", "value", "false")),
                        "reserved prefix"),
                Arguments.of("labels", List.of(Map.of("key", "traefik.http.routers.x.rule", "value", "Host(`x`)")),
                        "reserved prefix"),
                Arguments.of("memoryMegabytes", 65536, "at most"),
                Arguments.of("milliCpus", 64000, "at most"),
                Arguments.of("pids", 0, "at least 1"),
                Arguments.of("name", "My_App", "lower-case letters"),
                Arguments.of("dockerfile", "../../../etc/passwd", "inside the repository"),
                Arguments.of("buildContext", "./-x", "inside the repository"),
                Arguments.of("repositoryUrl", "file:///srv/repos/../../etc", "'..' path segments"),
                Arguments.of("repositoryUrl", "https://git.example.test/o/%2e%2e/r.git", "'..' path segments"),
                Arguments.of("repositoryUrl", "https://git.example.test/o/r.git?access_token=TEST_TOKEN_123",
                        "query or fragment"));
    }
}
