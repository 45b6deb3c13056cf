package dev.slipway.core.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.team.TeamId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;

class ApplicationCreatedUpcasterTest {

    private static final String APPLICATION = "2ed9b8ad-6550-4c9d-bad0-cf43bd1394f6";
    /** A creation event in its first shape, without a team, as an engine of that version stored it. */
    private static final String FIRST_SHAPE = "{\"applicationId\":\"" + APPLICATION + "\",\"name\":\"web-2ed9b8ad\","
            + "\"source\":{\"repositoryUrl\":\"file:///srv/web.git\",\"ref\":\"main\",\"buildContext\":\".\","
            + "\"dockerfile\":\"Dockerfile\"},\"runtime\":{\"containerPort\":8080},"
            + "\"serverId\":\"0dd46110-5ecd-3330-ba77-f0d568265bb8\"}";

    private final JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();
    private final EventUpcasterChain upcasters = new EventUpcasterChain(new ApplicationCreatedUpcaster());

    @Test
    void firstShapeGetsUnassignedTeam() {
        ApplicationCreatedEvent event = read(FIRST_SHAPE.getBytes(StandardCharsets.UTF_8), null);

        assertThat(event.teamId()).isEqualTo(TeamId.UNASSIGNED);
        assertThat(event.name()).isEqualTo(new ApplicationName("web-2ed9b8ad"));
    }

    @Test
    void currentShapeKeepsItsTeam() {
        TeamId team = TeamId.random();
        ApplicationCreatedEvent stored = new ApplicationCreatedEvent(ApplicationId.of(APPLICATION),
                new ApplicationName("web"), new SourceSpec(RepositoryUrl.parse("file:///srv/web.git"),
                        new GitRef("main"), null, null), new RuntimeSpec(8080, null, null), ServerId.LOCAL, team);
        SerializedObject<byte[]> serialized = serializer.serialize(stored, byte[].class);

        assertThat(serialized.getType().getRevision()).isEqualTo(ApplicationCreatedUpcaster.REVISION);
        assertThat(read(serialized.getData(), serialized.getType().getRevision()).teamId()).isEqualTo(team);
    }

    private ApplicationCreatedEvent read(byte[] payload, String revision) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Application", APPLICATION, 0,
                "3f1b2c4d-0000-4000-8000-000000000001", Instant.parse("2026-12-04T16:49:00.051Z"),
                ApplicationCreatedEvent.class.getName(), revision, payload, "{}".getBytes(StandardCharsets.UTF_8));
        List<? extends DomainEventMessage<?>> events = EventStreamUtils
                .upcastAndDeserializeDomainEvents(Stream.of(entry), serializer, upcasters).asStream().toList();
        assertThat(events).hasSize(1);
        return (ApplicationCreatedEvent) events.get(0).getPayload();
    }
}
