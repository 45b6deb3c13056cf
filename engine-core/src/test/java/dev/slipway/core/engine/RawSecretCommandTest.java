package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ConfigurationView;
import dev.slipway.core.application.ReencryptSecretCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SecretView;
import dev.slipway.core.application.SetSecretCommand;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Secrets sent as a {@link SetSecretCommand} straight through Axon's command gateway, on an engine that stores its
 * events in H2. The application checks the decrypted value against the same rules as
 * {@link DeploymentEngine#setSecret}, and stores nothing when a rule fails.
 */
class RawSecretCommandTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");
    private static final VariableName API_KEY = new VariableName("API_KEY");
    /** Tables with the names of Axon's default {@code EventSchema}. */
    private static final String EVENT_TABLE = "CREATE TABLE DomainEventEntry (globalIndex BIGINT AUTO_INCREMENT"
            + " PRIMARY KEY, eventIdentifier VARCHAR(255) NOT NULL UNIQUE, metaData BLOB, payload BLOB NOT NULL,"
            + " payloadRevision VARCHAR(255), payloadType VARCHAR(255) NOT NULL, timeStamp VARCHAR(255) NOT NULL,"
            + " aggregateIdentifier VARCHAR(255) NOT NULL, sequenceNumber BIGINT NOT NULL, type VARCHAR(255),"
            + " UNIQUE (aggregateIdentifier, sequenceNumber))";
    private static final String SNAPSHOT_TABLE = "CREATE TABLE SnapshotEventEntry (aggregateIdentifier"
            + " VARCHAR(255) NOT NULL, sequenceNumber BIGINT NOT NULL, type VARCHAR(255) NOT NULL, eventIdentifier"
            + " VARCHAR(255) NOT NULL UNIQUE, metaData BLOB, payload BLOB NOT NULL, payloadRevision VARCHAR(255),"
            + " payloadType VARCHAR(255) NOT NULL, timeStamp VARCHAR(255) NOT NULL,"
            + " PRIMARY KEY (aggregateIdentifier, sequenceNumber, type))";

    @TempDir
    Path workDirectory;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private JdbcDataSource database;
    private DeploymentEngine engine;
    private ApplicationId app;

    @BeforeEach
    void startEngine() throws SQLException {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:raw-secret-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        ConnectionProvider connections = new UnitOfWorkAwareConnectionProviderWrapper(() -> {
            Connection connection = database.getConnection();
            connection.setAutoCommit(false);
            return connection;
        });
        JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(DeploymentEngine.Builder.jacksonSerializer())
                .snapshotSerializer(DeploymentEngine.Builder.jacksonSerializer())
                .build();
        update(EVENT_TABLE);
        update(SNAPSHOT_TABLE);
        engine = DeploymentEngine.builder()
                .sourceRepository(new UnusedSources())
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory))
                .eventStorageEngine(storage)
                .masterKey(MasterKey.generate())
                .keysetStore(new InMemoryKeysetStore())
                .build()
                .start();
        app = engine.createApplication(ALICE, new ApplicationName("web"),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/web.git"), new GitRef("main"), null,
                        null),
                new RuntimeSpec(8080, null, null));
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void closeEngine() {
        rootLogger().detachAppender(logs);
        engine.close();
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("seven-7", "must be at least 8 characters"),
                Arguments.of("nul\0in-the-secret", "must not contain the NUL character"),
                Arguments.of("k".repeat(16_385), "must be at most 16384 characters"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidValues")
    void rawCommandRejectsInvalidValue(String value, String expectedRule) throws Exception {
        EncryptedSecret encrypted = engine.secretVault().encrypt(app, API_KEY.value(), value);
        long storedBefore = countEvents();

        InvalidInputException rejection = catchThrowableOfType(InvalidInputException.class,
                () -> send(new SetSecretCommand(app, API_KEY, encrypted)));

        assertThat(rejection).isNotNull();
        assertThat(rejection.field()).isEqualTo("value");
        assertThat(rejection.rule()).startsWith(expectedRule);
        assertThat(rejection.rejectedValue()).isNull();
        assertThat(rejection.getMessage()).doesNotContain(value);
        assertThat(countEvents()).isEqualTo(storedBefore);
        ConfigurationView configuration = engine.findConfiguration(ALICE, app).orElseThrow();
        assertThat(configuration.version()).isZero();
        assertThat(configuration.secrets()).isEmpty();
        assertThat(logText()).doesNotContain(value);
        assertThat(storedPayloads()).noneMatch(payload -> payload.contains(value));
    }

    @Test
    void rawCommandStoresValidValue() throws Exception {
        EncryptedSecret encrypted = engine.secretVault().encrypt(app, API_KEY.value(), "p4ss$word$$end$");

        Object version = send(new SetSecretCommand(app, API_KEY, encrypted));

        assertThat(version).isEqualTo(1L);
        ConfigurationView configuration = engine.findConfiguration(ALICE, app).orElseThrow();
        assertThat(configuration.secrets()).extracting(SecretView::name).containsExactly("API_KEY");
        assertThat(storedPayloads()).noneMatch(payload -> payload.contains("p4ss$word$$end$"));
    }

    @Test
    void rawCommandRejectsCiphertextOfOtherName() throws Exception {
        EncryptedSecret other = engine.secretVault().encrypt(app, "OTHER_KEY", "p4ss$word$$end$");
        long storedBefore = countEvents();

        SecretException rejection = catchThrowableOfType(SecretException.class,
                () -> send(new SetSecretCommand(app, API_KEY, other)));

        assertThat(rejection).isNotNull();
        assertThat(rejection.getMessage()).contains("API_KEY").doesNotContain("p4ss");
        assertThat(countEvents()).isEqualTo(storedBefore);
        assertThat(engine.findConfiguration(ALICE, app).orElseThrow().secrets()).isEmpty();
    }

    @Test
    void rawReencryptWithOtherValueIsRejected() throws Exception {
        EncryptedSecret stored = engine.secretVault().encrypt(app, API_KEY.value(), "p4ss$word$$end$");
        send(new SetSecretCommand(app, API_KEY, stored));
        engine.secretVault().rotate(app);
        EncryptedSecret other = engine.secretVault().encrypt(app, API_KEY.value(), "0ther-value-x");
        long storedBefore = countEvents();

        InvalidInputException rejection = catchThrowableOfType(InvalidInputException.class,
                () -> send(new ReencryptSecretCommand(app, API_KEY, stored, other)));

        assertThat(rejection).isNotNull();
        assertThat(rejection.field()).isEqualTo("value");
        assertThat(rejection.getMessage()).doesNotContain("0ther-value-x").doesNotContain("p4ss");
        assertThat(countEvents()).isEqualTo(storedBefore);
        assertThat(engine.findConfiguration(ALICE, app).orElseThrow().version()).isEqualTo(1L);
    }

    @Test
    void rawReencryptOfSameValueIsStored() throws Exception {
        EncryptedSecret stored = engine.secretVault().encrypt(app, API_KEY.value(), "p4ss$word$$end$");
        send(new SetSecretCommand(app, API_KEY, stored));
        engine.secretVault().rotate(app);
        EncryptedSecret moved = engine.secretVault().reencrypt(app, API_KEY.value(), stored);

        Object version = send(new ReencryptSecretCommand(app, API_KEY, stored, moved));

        assertThat(moved).isNotEqualTo(stored);
        assertThat(version).isEqualTo(2L);
    }

    private Object send(Object command) {
        return engine.commandGateway().sendAndWait(asCommandMessage(command).andMetaData(ALICE.toMetaData()));
    }

    private long countEvents() throws SQLException {
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM DomainEventEntry")) {
            result.next();
            return result.getLong(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Returns the payload and metadata of every stored event as text. */
    private List<String> storedPayloads() throws SQLException {
        List<String> payloads = new ArrayList<>();
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT payload, metaData FROM DomainEventEntry")) {
            while (result.next()) {
                payloads.add(new String(result.getBytes(1), StandardCharsets.UTF_8)
                        + new String(result.getBytes(2), StandardCharsets.UTF_8));
            }
        }
        return payloads;
    }

    /** Returns every captured log line with the message of its exception, if any. */
    private String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(event.getThrowableProxy().getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
