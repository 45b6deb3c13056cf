package dev.slipway.benchmarks.audit;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.RecordReleaseCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SetEnvironmentVariableCommand;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.AuditSigningKey;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A small event store written by the engine itself: a started {@link DeploymentEngine} handles the commands that
 * make the benchmark's event stream (create an application, set two environment variables, record a release), with
 * the audit chain appended in each command's transaction. It is the reference the bulk-written stream is checked
 * against.
 */
final class EngineSample {

    private final JdbcDataSource dataSource;
    private final JdbcEventStorageEngine storage;
    private final List<ApplicationView> applications;
    private final List<List<AuditEntry>> auditEntries;

    private EngineSample(JdbcDataSource dataSource, JdbcEventStorageEngine storage,
                         List<ApplicationView> applications, List<List<AuditEntry>> auditEntries) {
        this.dataSource = dataSource;
        this.storage = storage;
        this.applications = applications;
        this.auditEntries = auditEntries;
    }

    /** Starts an engine on a new H2 file database in {@code directory}, sends the commands and stops it. */
    static EngineSample record(Path directory, int applicationCount) throws Exception {
        JdbcDataSource dataSource = StreamChecks.database(directory.resolve("sample"));
        EventStreamWriter.createTables(dataSource);
        ConnectionProvider connections = EventStreamWriter.transactional(dataSource);
        JdbcEventStorageEngine storage = EventStreamWriter.storage(connections,
                DeploymentEngine.Builder.jacksonSerializer(), 1000);
        AuditChain chain = new AuditChain(connections, AuditSigningKey.generate(),
                AuditChain.DEFAULT_CHECKPOINT_INTERVAL, Clock.systemUTC());
        DeploymentEngine engine = DeploymentEngine.builder()
                .sourceRepository(unused(SourceRepository.class))
                .containerRuntime(unused(ContainerRuntime.class))
                .settings(EngineSettings.defaults(directory.resolve("sample-work")))
                .eventStorageEngine(storage)
                .masterKey(MasterKey.generate())
                .keysetStore(new InMemoryKeysetStore())
                .auditChain(chain, true)
                .build()
                .start();
        List<ApplicationView> applications = new ArrayList<>();
        List<List<AuditEntry>> auditEntries = new ArrayList<>();
        try {
            List<ApplicationId> ids = new ArrayList<>();
            for (int number = 0; number < applicationCount; number++) {
                ids.add(createApplication(engine, number));
            }
            for (ApplicationId id : ids) {
                applications.add(engine.findApplication(id).orElseThrow());
                auditEntries.add(engine.findAuditEvents(id.toString(), 1000));
            }
        } finally {
            engine.close();
        }
        return new EngineSample(dataSource, storage, applications, auditEntries);
    }

    private static ApplicationId createApplication(DeploymentEngine engine, int number) {
        RequestContext request = SyntheticStream.request(number, 0);
        ApplicationId id = engine.createApplication(request, new ApplicationName("app-" + number),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/app-" + number + ".git"),
                        new GitRef("main"), null, null), new RuntimeSpec(8080, null, null));
        send(engine, SyntheticStream.request(number, 1).toMetaData(),
                new SetEnvironmentVariableCommand(id, new VariableName("LOG_LEVEL"), "info"));
        send(engine, SyntheticStream.request(number, 2).toMetaData(),
                new SetEnvironmentVariableCommand(id, new VariableName("REGION"), "eu-west"));
        send(engine, SyntheticStream.request(number, 3).toMetaData().and(RequestContext.ENGINE_ORIGIN, "true"),
                new RecordReleaseCommand(id, SyntheticStream.release(number, DeploymentId.random())));
        return id;
    }

    private static void send(DeploymentEngine engine, MetaData metaData, Object command) {
        engine.commandGateway().sendAndWait(asCommandMessage(command).andMetaData(metaData));
    }

    /** Returns the events as the engine stored them, with payload and metadata deserialized, in global order. */
    List<DomainEventMessage<?>> storedEvents() {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(null, false)) {
            stream.forEach(event -> events.add((DomainEventMessage<?>) event));
        }
        return events;
    }

    JdbcDataSource dataSource() {
        return dataSource;
    }

    List<ApplicationView> applications() {
        return applications;
    }

    List<List<AuditEntry>> auditEntries() {
        return auditEntries;
    }

    /** Returns an adapter that fails when called: the sample's commands need neither Git nor Docker. */
    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(EngineSample.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == arguments[0];
                            default -> type.getSimpleName() + " not used by the audit benchmark";
                        };
                    }
                    throw new UnsupportedOperationException("The audit benchmark's sample calls no "
                            + type.getSimpleName() + "." + method.getName());
                }));
    }
}
