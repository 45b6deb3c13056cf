package dev.slipway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationCreatedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ContainerPolicyPropertiesTest {

    private static final long MEBIBYTE = 1024L * 1024;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ContainerPolicyAutoConfiguration.class));

    @Test
    void propertiesSetOperatorAndTeamRules() {
        runner.withPropertyValues(
                        "slipway.container-policy.allowed-capabilities=NET_BIND_SERVICE,CHOWN",
                        "slipway.container-policy.max-memory-megabytes=512",
                        "slipway.container-policy.max-milli-cpus=1000",
                        "slipway.container-policy.max-pids=128",
                        "slipway.container-policy.teams.web.max-memory-megabytes=128",
                        "slipway.container-policy.teams.web.allowed-capabilities=NET_BIND_SERVICE",
                        "slipway.container-policy.teams.web.read-only-root-filesystem=true")
                .run(context -> {
                    ContainerPolicies policies = context.getBean(ContainerPolicies.class);
                    ContainerPolicies.Rules operator = policies.forTeam(null);
                    assertThat(operator.policy().maximumLimits())
                            .isEqualTo(new ResourceLimits(512 * MEBIBYTE, 1_000_000_000L, 128));
                    assertThat(operator.policy().allowedCapabilities())
                            .containsExactlyInAnyOrder(new CapabilityName("NET_BIND_SERVICE"),
                                    new CapabilityName("CHOWN"));
                    assertThat(operator.readOnlyRootFilesystem()).isFalse();
                    ContainerPolicies.Rules web = policies.forTeam("web");
                    assertThat(web.policy().maximumLimits())
                            .isEqualTo(new ResourceLimits(128 * MEBIBYTE, 1_000_000_000L, 128));
                    assertThat(web.policy().allowedCapabilities())
                            .containsExactly(new CapabilityName("NET_BIND_SERVICE"));
                    assertThat(web.readOnlyRootFilesystem()).isTrue();
                    assertThat(policies.forTeam("other")).isEqualTo(operator);
                });
    }

    @Test
    void withoutPropertiesDefaultPolicyApplies() {
        runner.run(context -> assertThat(context.getBean(ContainerPolicies.class).forTeam("any").policy())
                .isEqualTo(ContainerPolicy.DEFAULT));
    }

    @Test
    void teamLimitBeyondOperatorFailsStartNamingProperty() {
        assertStartFails(List.of("slipway.container-policy.max-memory-megabytes=512",
                        "slipway.container-policy.teams.web.max-memory-megabytes=1024"),
                "slipway.container-policy.teams.web.max-memory-megabytes", "at most 512");
        assertStartFails(List.of("slipway.container-policy.teams.web.max-milli-cpus=4000"),
                "slipway.container-policy.teams.web.max-milli-cpus", "at most 2000");
        assertStartFails(List.of("slipway.container-policy.max-pids=100",
                        "slipway.container-policy.teams.web.max-pids=101"),
                "slipway.container-policy.teams.web.max-pids", "at most 100");
    }

    @Test
    void teamCapabilityBeyondOperatorFailsStartNamingProperty() {
        assertStartFails(List.of("slipway.container-policy.allowed-capabilities=CHOWN",
                        "slipway.container-policy.teams.web.allowed-capabilities=CHOWN,NET_RAW"),
                "slipway.container-policy.teams.web.allowed-capabilities", "NET_RAW");
    }

    @Test
    void teamWritableRootFailsStart() {
        assertStartFails(List.of("slipway.container-policy.read-only-root-filesystem=true",
                        "slipway.container-policy.teams.web.read-only-root-filesystem=false"),
                "slipway.container-policy.teams.web.read-only-root-filesystem", "read-only");
    }

    @Test
    void forbiddenOrUnknownCapabilityFailsStart() {
        assertStartFails(List.of("slipway.container-policy.allowed-capabilities=SYS_ADMIN"),
                "slipway.container-policy.allowed-capabilities", "SYS_ADMIN");
        assertStartFails(List.of("slipway.container-policy.teams.web.allowed-capabilities=not a capability"),
                "slipway.container-policy.teams.web.allowed-capabilities", "not a capability");
    }

    @Test
    void teamPolicyRejectsApplicationBeyondTeamLimit() {
        ContainerPolicies policies = policies(128);
        RuntimeSpec runtime = new RuntimeSpec(8080, null, new ResourceLimits(256 * MEBIBYTE, 500_000_000L, 64));

        assertThat(policies.forTeam(null).policy().check(runtime)).isEqualTo(runtime);
        assertThatThrownBy(() -> policies.forTeam("web").policy().check(runtime))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("memoryMegabytes")
                .hasMessageContaining("at most 128");
    }

    @Test
    void teamContainerGetsTeamRules() {
        ApplicationTeams teams = new ApplicationTeams();
        ApplicationId web = ApplicationId.random();
        ApplicationId other = ApplicationId.random();
        recordTeam(teams, web, "web");
        List<ContainerRequest> started = new ArrayList<>();
        PolicyContainerRuntime runtime = new PolicyContainerRuntime(new RecordingRuntime(started), policies(128),
                teams);

        runtime.start(request(web, 96));
        runtime.start(request(other, 256));

        assertThat(started).extracting(ContainerRequest::readOnlyRootFilesystem).containsExactly(true, false);
        assertThatThrownBy(() -> runtime.start(request(web, 256)))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("team 'web'")
                .hasMessageContaining("memoryMegabytes");
        assertThat(started).hasSize(2);
    }

    private static ContainerPolicies policies(long teamMemoryMegabytes) {
        ContainerPolicy operator = new ContainerPolicy(Set.of(), new ResourceLimits(512 * MEBIBYTE, 1_000_000_000L,
                128), Set.of());
        ContainerPolicy team = new ContainerPolicy(Set.of(), new ResourceLimits(teamMemoryMegabytes * MEBIBYTE,
                1_000_000_000L, 128), Set.of());
        return new ContainerPolicies(new ContainerPolicies.Rules(operator, false),
                Map.of("web", new ContainerPolicies.Rules(team, true)));
    }

    private static ContainerRequest request(ApplicationId application, long memoryMegabytes) {
        return new ContainerRequest("app-" + application.toString().substring(0, 8), "sha256:0", "slipway-net", 8080,
                Map.of(), new ResourceLimits(memoryMegabytes * MEBIBYTE, 500_000_000L, 64),
                Map.of(EngineLabels.APPLICATION, application.toString()));
    }

    private static void recordTeam(ApplicationTeams teams, ApplicationId application, String team) {
        teams.on(new ApplicationCreatedEvent(application, null, null, null, null),
                MetaData.with(RequestContext.TEAM, team));
    }

    private void assertStartFails(List<String> properties, String property, String detail) {
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure.getCause() != null && !(failure instanceof SlipwayException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(SlipwayException.class)
                    .hasMessageContaining(property)
                    .hasMessageContaining(detail);
        });
    }

    /** Records the requests it is asked to start. */
    private static final class RecordingRuntime extends StubContainerRuntime {

        private final List<ContainerRequest> started;

        RecordingRuntime(List<ContainerRequest> started) {
            this.started = started;
        }

        @Override
        public RunningContainer start(ContainerRequest request) {
            started.add(request);
            return null;
        }
    }
}
