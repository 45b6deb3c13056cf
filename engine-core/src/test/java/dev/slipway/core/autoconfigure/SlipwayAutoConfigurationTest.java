package dev.slipway.core.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.access.AccessSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.DeleteApplicationCommand;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.StepTimeLimits;
import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.secret.SecretAutoConfiguration;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.storage.CoalescingEventStore;
import dev.slipway.core.team.TeamId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonTimeoutAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration;
import org.axonframework.springboot.autoconfig.InfraConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SlipwayAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> new SlipwayEnvironmentDefaults()
                    .postProcessEnvironment(context.getEnvironment(), null))
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                    ObjectMapperAutoConfiguration.class, NoOpTransactionAutoConfiguration.class,
                    SlipwayEventStorageAutoConfiguration.class, AxonAutoConfiguration.class,
                    EventProcessingAutoConfiguration.class, InfraConfiguration.class,
                    AxonTracingAutoConfiguration.class,
                    SecretAutoConfiguration.class, SlipwayAutoConfiguration.class))
            .withPropertyValues("slipway.secrets.create-master-key=true",
                    "slipway.secrets.key-directory=" + Path.of("target", "slipway-keys").toAbsolutePath());

    @Test
    void engineRunsOnAdaptersFromContext() {
        runner.withBean(SourceRepository.class, () -> Mockito.mock(SourceRepository.class))
                .withBean(ContainerRuntime.class, () -> Mockito.mock(ContainerRuntime.class))
                .withPropertyValues("slipway.work-directory=" + Path.of("target", "work").toAbsolutePath(),
                        "slipway.source.allow-local=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(ReadModelReplayer.class);
                    assertThat(context).getBean(EventStorageEngine.class)
                            .isInstanceOf(InMemoryEventStorageEngine.class);
                    assertThat(context).getBean(EventStore.class).isInstanceOf(CoalescingEventStore.class);
                    assertThat(context.getBean(EngineSettings.class).sourcePolicy().allowLocal()).isTrue();
                    ApplicationId id = ApplicationId.random();
                    context.getBean(CommandGateway.class).sendAndWait(asCommandMessage(new CreateApplicationCommand(id,
                            new ApplicationName("web"), new SourceSpec(RepositoryUrl.parse("file:///srv/web.git"),
                            new GitRef("main"), null, null), new RuntimeSpec(8080, null, null), null))
                            .andMetaData(RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData()));
                    Optional<ApplicationView> view = context.getBean(QueryGateway.class)
                            .query(new FindApplicationQuery(id),
                                    ResponseTypes.optionalInstanceOf(ApplicationView.class))
                            .join();
                    assertThat(view).map(ApplicationView::createdBy).contains("user:alice");
                });
    }

    @Test
    void defaultTeamPropertiesShareApplicationsUnderSpring() {
        runner.withBean(SourceRepository.class, () -> Mockito.mock(SourceRepository.class))
                .withBean(ContainerRuntime.class, () -> Mockito.mock(ContainerRuntime.class))
                .withPropertyValues("slipway.work-directory=" + Path.of("target", "work").toAbsolutePath(),
                        "slipway.source.allow-local=true", "slipway.access.default-team=shared",
                        "slipway.access.default-team-role=viewer")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EngineSettings.class).access())
                            .isEqualTo(new AccessSettings("shared", Role.VIEWER));
                    ApplicationId id = ApplicationId.random();
                    context.getBean(CommandGateway.class).sendAndWait(asCommandMessage(new CreateApplicationCommand(id,
                            new ApplicationName("web"), new SourceSpec(RepositoryUrl.parse("file:///srv/web.git"),
                            new GitRef("main"), null, null), new RuntimeSpec(8080, null, null), null))
                            .andMetaData(RequestContext.engine().toMetaData()));
                    RequestContext bob = RequestContext.of(Caller.user("bob"), "127.0.0.1");
                    Optional<ApplicationView> seenByBob = context.getBean(QueryGateway.class)
                            .query(GenericMessage.asMessage(new FindApplicationQuery(id))
                                    .andMetaData(bob.toMetaData()), ResponseTypes.optionalInstanceOf(
                                    ApplicationView.class))
                            .join();
                    assertThat(seenByBob).map(ApplicationView::teamId)
                            .contains(TeamId.ofConfiguredName("shared").toString());
                    assertThatThrownBy(() -> context.getBean(CommandGateway.class).sendAndWait(asCommandMessage(
                            new DeleteApplicationCommand(id)).andMetaData(bob.toMetaData())))
                            .isInstanceOf(AccessDeniedException.class);
                });
    }

    @Test
    void stepTimeLimitsBindFromProperties() {
        runner.withBean(SourceRepository.class, () -> Mockito.mock(SourceRepository.class))
                .withBean(ContainerRuntime.class, () -> Mockito.mock(ContainerRuntime.class))
                .withPropertyValues("slipway.step-time-limits.build-image=10m",
                        "slipway.step-time-limits.HEALTH_CHECK=90s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    StepTimeLimits limits = context.getBean(EngineSettings.class).stepTimeLimits();
                    assertThat(limits.limit(DeploymentStep.BUILD_IMAGE)).isEqualTo(Duration.ofMinutes(10));
                    assertThat(limits.limit(DeploymentStep.HEALTH_CHECK)).isEqualTo(Duration.ofSeconds(90));
                    assertThat(limits.limit(DeploymentStep.RESOLVE_COMMIT)).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void missingContainerRuntimeFailsWithHint() {
        runner.withBean(SourceRepository.class, () -> Mockito.mock(SourceRepository.class))
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("add the engine-docker module"));
    }

    @Test
    void defaultsSwitchOffAxonServerAndUseJackson() {
        runner.withBean(SourceRepository.class, () -> Mockito.mock(SourceRepository.class))
                .withBean(ContainerRuntime.class, () -> Mockito.mock(ContainerRuntime.class))
                .run(context -> {
            assertThat(context.getEnvironment().getProperty("axon.axonserver.enabled")).isEqualTo("false");
            assertThat(context.getEnvironment().getProperty("axon.serializer.events")).isEqualTo("jackson");
        });
    }

    @Test
    void axonTimeLimitsOffByDefault() {
        ApplicationContextRunner timeLimits = runner
                .withBean(SourceRepository.class, () -> Mockito.mock(SourceRepository.class))
                .withBean(ContainerRuntime.class, () -> Mockito.mock(ContainerRuntime.class))
                .withConfiguration(AutoConfigurations.of(AxonTimeoutAutoConfiguration.class));

        timeLimits.run(context -> assertThat(context)
                .doesNotHaveBean(HandlerTimeoutHandlerEnhancerDefinition.class));
        timeLimits.withPropertyValues("axon.timeout.enabled=true").run(context -> assertThat(context)
                .hasSingleBean(HandlerTimeoutHandlerEnhancerDefinition.class));
    }
}
