package dev.slipway.core.audit;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.mockito.Mockito;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The engine on Axon's JPA event store in an H2 file, as the quickstart runs it. Git and Docker are never called
 * by these tests, so their ports are mocks.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class AuditTestApplication {

    @Bean
    SourceRepository sourceRepository() {
        return Mockito.mock(SourceRepository.class);
    }

    @Bean
    ContainerRuntime containerRuntime() {
        return Mockito.mock(ContainerRuntime.class);
    }

    /** Points the data source, the work directory and the signing key into a new folder under target. */
    public static void useNewDatabase(DynamicPropertyRegistry registry) {
        Path directory = Path.of("target", "audit-" + UUID.randomUUID()).toAbsolutePath();
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + directory.resolve("events"));
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "update");
        registry.add("slipway.work-directory", () -> directory.resolve("work").toString());
        registry.add("slipway.source.allow-local", () -> "true");
        registry.add("slipway.audit.checkpoint-interval", () -> "4");
    }

    /**
     * Waits until a verification checked an entry for every stored event, and returns it. The follower chains events
     * right after they commit, so a test that reads the chain waits for it first.
     */
    static ChainVerification awaitChained(AuditChain chain, DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String count = "SELECT COUNT(*) FROM domain_event_entry";
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(chain::verify, verification -> verification.pendingEvents() == 0
                        && verification.entriesChecked() == jdbc.queryForObject(count, Long.class));
    }

    /** Creates an application as user alice from 203.0.113.7, which stores one event. */
    static ApplicationId createApplication(CommandGateway commands) {
        ApplicationId id = ApplicationId.random();
        commands.sendAndWait(asCommandMessage(new CreateApplicationCommand(id,
                new ApplicationName("web-" + id.toString().substring(0, 8)),
                new SourceSpec(RepositoryUrl.parse("file:///srv/web.git"), new GitRef("main"), null, null),
                new RuntimeSpec(8080, null, null), null))
                .andMetaData(RequestContext.of(Caller.user("alice"), "203.0.113.7").toMetaData()));
        return id;
    }
}
