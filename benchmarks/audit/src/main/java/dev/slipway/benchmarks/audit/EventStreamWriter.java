package dev.slipway.benchmarks.audit;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationCreatedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.EnvironmentVariableSetEvent;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.ReleaseRecordedEvent;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.serialization.Serializer;

/**
 * Stores a synthetic event stream in Axon's event table: per application, its creation, two environment variables
 * and a release, serialized as the engine serializes them.
 */
final class EventStreamWriter {

    private static final int EVENTS_PER_APPLICATION = 4;
    private static final String TABLE = "CREATE TABLE IF NOT EXISTS domain_event_entry (global_index BIGINT NOT NULL"
            + " PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB, payload BLOB NOT NULL,"
            + " payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL, time_stamp VARCHAR(255) NOT NULL,"
            + " aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),"
            + " UNIQUE (aggregate_identifier, sequence_number))";
    private static final String INSERT = "INSERT INTO domain_event_entry (global_index, event_identifier, meta_data,"
            + " payload, payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
            + " VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, 'Application')";

    private final Serializer serializer;

    EventStreamWriter(Serializer serializer) {
        this.serializer = serializer;
    }

    void write(DataSource dataSource, int events) throws Exception {
        byte[] metaData = serializer.serialize(RequestContext.of(Caller.user("alice"), "203.0.113.7").toMetaData(),
                byte[].class).getData();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(TABLE);
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (long index = 1; index <= events; index++) {
                    long application = (index - 1) / EVENTS_PER_APPLICATION;
                    int sequence = (int) ((index - 1) % EVENTS_PER_APPLICATION);
                    ApplicationId id = new ApplicationId(new UUID(0xA0L, application));
                    Object event = event(id, application, sequence);
                    insert.setLong(1, index);
                    insert.setString(2, UUID.randomUUID().toString());
                    insert.setBytes(3, metaData);
                    insert.setBytes(4, serializer.serialize(event, byte[].class).getData());
                    insert.setString(5, event.getClass().getName());
                    insert.setString(6, start.plusMillis(index).toString());
                    insert.setString(7, id.toString());
                    insert.setLong(8, sequence);
                    insert.addBatch();
                    if (index % 1000 == 0) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
    }

    private static Object event(ApplicationId id, long application, int sequence) {
        return switch (sequence) {
            case 0 -> new ApplicationCreatedEvent(id, new ApplicationName("app-" + application),
                    new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/app-" + application + ".git"),
                            new GitRef("main"), null, null), new RuntimeSpec(8080, null, null), ServerId.LOCAL);
            case 1 -> new EnvironmentVariableSetEvent(id, new VariableName("LOG_LEVEL"), "info", 1);
            case 2 -> new EnvironmentVariableSetEvent(id, new VariableName("REGION"), "eu-west", 2);
            default -> new ReleaseRecordedEvent(id, new Release(DeploymentId.random(),
                    new CommitSha("0123456789abcdef0123456789abcdef01234567"), "sha256:0a1b", "c0ffee" + application,
                    "web-" + application, "http://127.0.0.1:40001"));
        };
    }
}
