package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.runtime.HttpHealthCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuntimeValuesTest {

    @Test
    void portMappingWithAddressKeepsIt() {
        PortMapping mapping = PortMapping.parse("127.0.0.1:6543:5432");

        assertThat(mapping.hostAddress()).isEqualTo("127.0.0.1");
        assertThat(mapping.hostPort()).isEqualTo(6543);
        assertThat(mapping.containerPort()).isEqualTo(5432);
    }

    @Test
    void portMappingWithoutAddressUsesLoopback() {
        assertThat(PortMapping.parse("6543:5432").value()).isEqualTo("127.0.0.1:6543:5432");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6543:", ":5432", "6543", "0:80", "80:65536", "256.0.0.1:80:80", "[::1]:80:80",
        "localhost:80:80", "127.0.0.01:80:80", "80:80/udp", " 80:80", "-p80:80"})
    void portMappingRejectsMalformed(String value) {
        assertThatThrownBy(() -> PortMapping.parse(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("ports");
                    assertThat(e.rule()).contains("[address:]hostPort:containerPort");
                });
    }

    @Test
    void volumeMountParsesNamedVolume() {
        VolumeMount mount = VolumeMount.parse("data:/var/lib/data:ro");

        assertThat(mount.name().value()).isEqualTo("data");
        assertThat(mount.target().value()).isEqualTo("/var/lib/data");
        assertThat(mount.readOnly()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/run/docker.sock:/var/run/docker.sock", "/:/host", "./data:/data", "../x:/x",
        "data:/", "data:/proc/self", "data:/sys", "data:/dev/sda", "data:relative", "data:/a/../etc",
        "data:/x:rw", "data", "Data:/x", "data:/x:ro:ro"})
    void volumeMountRejectsHostPathsAndReservedTargets(String value) {
        assertThatThrownBy(() -> VolumeMount.parse(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("volumes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.slipway.managed", "dev.slipway.application", "traefik.http.routers.x.rule",
        "caddy", "caddy.reverse_proxy", "com.docker.compose.project", "Upper", "-x", "a b", ""})
    void labelRejectsReservedOrMalformedKey(String key) {
        assertThatThrownBy(() -> new ContainerLabel(key, "x"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("labels"));
    }

    @Test
    void capabilityParsesDockerAndKernelSpelling() {
        assertThat(CapabilityName.parse("cap_net_bind_service").value()).isEqualTo("NET_BIND_SERVICE");
        assertThatThrownBy(() -> CapabilityName.parse("ALL")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CapabilityName.parse("--privileged")).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox:stable", "library/nginx:1.27", "registry.example.test:5000/team/web:v1",
        "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void imageReferenceAcceptsDistributionForms(String value) {
        assertThat(new ImageReference(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--privileged", "ALPINE", "Team/web", "busybox:", "busybox:-x", "a b", "busybox@sha256:1",
        ""})
    void imageReferenceRejectsOutsideGrammar(String value) {
        assertThatThrownBy(() -> new ImageReference(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("image"));
    }

    @Test
    void runtimeSpecRejectsRepeatedHostPort() {
        List<PortMapping> ports = List.of(PortMapping.parse("6543:5432"), PortMapping.parse("6543:80"));

        assertThatThrownBy(() -> new RuntimeSpec(80, null, null, ports, null, null, null, false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("ports");
                    assertThat(e.rejectedValue()).isEqualTo("127.0.0.1:6543:80");
                });
    }

    @Test
    void runtimeSpecSurvivesJsonRoundTrip() throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        RuntimeSpec spec = new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null,
                List.of(PortMapping.parse("127.0.0.1:6543:5432")), List.of(VolumeMount.parse("data:/data:ro")),
                List.of(new ContainerLabel("team", "web")), List.of(new CapabilityName("NET_BIND_SERVICE")), true);

        RuntimeSpec read = json.readValue(json.writeValueAsString(spec), RuntimeSpec.class);

        assertThat(read).isEqualTo(spec);
    }

    @Test
    void oldRuntimeSpecReadsWithDefaults() throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        String stored = json.writeValueAsString(new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null))
                .replaceAll(",\"ports\".*\\}$", "}");

        RuntimeSpec read = json.readValue(stored, RuntimeSpec.class);

        assertThat(read.ports()).isEmpty();
        assertThat(read.volumes()).isEmpty();
        assertThat(read.readOnlyRootFilesystem()).isFalse();
    }
}
