package dev.slipway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.PortMapping;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerPolicyTest {

    @Test
    void defaultRejectsSysAdmin() {
        RuntimeSpec spec = withCapability("SYS_ADMIN");

        assertThatThrownBy(() -> ContainerPolicy.DEFAULT.check(spec))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("capabilities");
                    assertThat(e.rejectedValue()).isEqualTo("SYS_ADMIN");
                    assertThat(e.rule()).contains("NET_BIND_SERVICE").contains("ask the operator");
                });
    }

    @Test
    void defaultAcceptsNetBindService() {
        RuntimeSpec spec = withCapability("NET_BIND_SERVICE");

        assertThat(ContainerPolicy.DEFAULT.check(spec)).isSameAs(spec);
    }

    @Test
    void operatorCannotAllowForbiddenCapability() {
        Set<CapabilityName> capabilities = Set.of(new CapabilityName("SYS_ADMIN"));

        assertThatThrownBy(() -> new ContainerPolicy(capabilities, ResourceLimits.DEFAULT, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SYS_ADMIN");
    }

    @Test
    void defaultRejectsPublishingOnAllInterfaces() {
        RuntimeSpec spec = new RuntimeSpec(80, null, null, List.of(PortMapping.parse("0.0.0.0:8080:80")), null, null,
                null, false);

        assertThatThrownBy(() -> ContainerPolicy.DEFAULT.check(spec))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ports"));
    }

    @Test
    void policyWithAddressAcceptsPublishingThere() {
        ContainerPolicy policy = new ContainerPolicy(Set.of(), ResourceLimits.DEFAULT, Set.of("192.0.2.10"));
        RuntimeSpec spec = new RuntimeSpec(80, null, null, List.of(PortMapping.parse("192.0.2.10:8080:80")), null,
                null, null, false);

        assertThat(policy.check(spec)).isSameAs(spec);
    }

    @Test
    void defaultRejectsMemoryAboveMaximum() {
        RuntimeSpec spec = new RuntimeSpec(80, null, new ResourceLimits(64L << 30, 500_000_000L, 100));

        assertThatThrownBy(() -> ContainerPolicy.DEFAULT.check(spec))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("memoryMegabytes"));
    }

    @Test
    void teamPolicyWithinOperatorLimitsIsAccepted() {
        ContainerPolicy team = new ContainerPolicy(Set.of(new CapabilityName("NET_BIND_SERVICE")),
                ResourceLimits.DEFAULT, Set.of());

        assertThat(ContainerPolicy.DEFAULT.narrowedTo(team)).isSameAs(team);
    }

    @Test
    void teamPolicyBeyondOperatorLimitsIsRejected() {
        ContainerPolicy moreCapabilities = new ContainerPolicy(Set.of(new CapabilityName("NET_RAW")),
                ResourceLimits.DEFAULT, Set.of());
        ContainerPolicy moreMemory = new ContainerPolicy(Set.of(), new ResourceLimits(8L << 30, 500_000_000L, 10),
                Set.of());
        ContainerPolicy otherAddress = new ContainerPolicy(Set.of(), ResourceLimits.DEFAULT, Set.of("0.0.0.0"));

        assertThatThrownBy(() -> ContainerPolicy.DEFAULT.narrowedTo(moreCapabilities))
                .hasMessageContaining("NET_RAW");
        assertThatThrownBy(() -> ContainerPolicy.DEFAULT.narrowedTo(moreMemory)).hasMessageContaining("limits");
        assertThatThrownBy(() -> ContainerPolicy.DEFAULT.narrowedTo(otherAddress)).hasMessageContaining("0.0.0.0");
    }

    private static RuntimeSpec withCapability(String name) {
        return new RuntimeSpec(80, null, null, null, null, null, List.of(new CapabilityName(name)), false);
    }
}
