package dev.slipway.quickstart;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.application.RequestDeploymentCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.FindDeploymentQuery;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deploys the sample application when the quickstart starts in demo mode: it creates the sample repository if
 * needed, creates the application {@code hello} unless it exists, deploys it and logs where it answers.
 */
@Component
@ConditionalOnProperty(prefix = "slipway.demo", name = "enabled", havingValue = "true")
class DemoDeployment {

    private static final Logger log = LoggerFactory.getLogger(DemoDeployment.class);
    private static final ApplicationName NAME = new ApplicationName("hello");

    private final DemoProperties properties;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final boolean proxyEnabled;
    private final int proxyPort;

    DemoDeployment(DemoProperties properties, CommandGateway commands, QueryGateway queries,
                   ObjectProvider<TrafficRouter> trafficRouter,
                   @Value("${slipway.proxy.http-port:80}") int proxyPort) {
        this.proxyPort = proxyPort;
        this.properties = properties;
        this.commands = commands;
        this.queries = queries;
        this.proxyEnabled = trafficRouter.getIfAvailable(() -> TrafficRouter.NONE).isEnabled();
    }

    @EventListener(ApplicationReadyEvent.class)
    void deploySample() throws Exception {
        if (SampleRepository.createIfMissing(properties.source(), properties.repository())) {
            log.info("demo: created sample repository [{}] from [{}]", properties.repository().toAbsolutePath(),
                    properties.source());
        }
        RequestContext demo = RequestContext.of(Caller.user("demo"), null);
        ApplicationId applicationId = findOrCreate(demo);
        DeploymentId deploymentId = commands.sendAndWait(asCommandMessage(
                new RequestDeploymentCommand(applicationId, DeploymentId.random(), null))
                .andMetaData(demo.toMetaData()));
        log.info("demo: deployment [{}] of application [{}] requested", deploymentId, applicationId);

        DeploymentView result = awaitEnd(deploymentId);
        switch (result.status()) {
            case SUCCEEDED -> {
                log.info("demo: deployment [{}] succeeded; the sample application answers at {}", deploymentId,
                        result.url());
                domains(applicationId).forEach(domain -> log.info("demo: the proxy serves the sample application"
                        + " at http://{}:{}/", domain, proxyPort));
            }
            case FAILED -> log.warn("demo: deployment [{}] failed at step [{}]: {}", deploymentId,
                    result.failedStep(), result.reason());
            default -> log.warn("demo: deployment [{}] did not end within {} s; it is {}", deploymentId,
                    properties.timeoutSeconds(), result.status());
        }
    }

    private ApplicationId findOrCreate(RequestContext demo) {
        List<ApplicationView> existing = queries.query(new FindApplicationsQuery(),
                ResponseTypes.multipleInstancesOf(ApplicationView.class)).join();
        Optional<ApplicationView> hello = existing.stream().filter(app -> app.name().equals(NAME.value())).findFirst();
        if (hello.isPresent()) {
            return ApplicationId.of(hello.get().id());
        }
        ApplicationId id = ApplicationId.random();
        String url = properties.repository().toAbsolutePath().normalize().toUri().toString();
        SourceSpec source = new SourceSpec(RepositoryUrl.parse(url.replaceFirst("^file:/+", "file:///")),
                new GitRef("main"), null, null);
        List<DomainName> domains = proxyEnabled && properties.domain() != null
                ? List.of(new DomainName(properties.domain())) : List.of();
        RuntimeSpec runtime = new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null, null, null, null, null, false,
                null, domains);
        commands.sendAndWait(asCommandMessage(new CreateApplicationCommand(id, NAME, source, runtime, null))
                .andMetaData(demo.toMetaData()));
        log.info("demo: application [{}] created from [{}]", id, url);
        return id;
    }

    private List<String> domains(ApplicationId applicationId) {
        return queries.query(new FindApplicationQuery(applicationId),
                        ResponseTypes.optionalInstanceOf(ApplicationView.class)).join()
                .map(application -> application.runtime().domains()).orElse(List.of());
    }

    private DeploymentView awaitEnd(DeploymentId deploymentId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(properties.timeoutSeconds());
        DeploymentView view = find(deploymentId);
        while (!view.status().isFinal() && Instant.now().isBefore(deadline)) {
            Thread.sleep(Duration.ofMillis(500).toMillis());
            view = find(deploymentId);
        }
        return view;
    }

    private DeploymentView find(DeploymentId deploymentId) {
        return queries.query(new FindDeploymentQuery(deploymentId),
                ResponseTypes.optionalInstanceOf(DeploymentView.class)).join().orElseThrow();
    }
}
