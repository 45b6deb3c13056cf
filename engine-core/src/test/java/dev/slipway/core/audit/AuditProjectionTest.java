package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.deployment.DeploymentStepRunner;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class AuditProjectionTest {

    private final AuditProjection projection = new AuditProjection();

    @Test
    void searchByTeamReturnsOnlyThatTeamsEntries() {
        store("team-a", "first");
        store("team-b", "second");
        store(null, "third");
        store("team-a", "fourth");

        AuditPage page = projection.handle(new SearchAuditEventsQuery(
                new AuditFilter(null, null, null, null, null, "team-a"), null, 10));

        assertThat(page.entries()).extracting(edge -> edge.entry().resourceId()).containsExactly("fourth", "first");
        assertThat(page.entries()).extracting(edge -> edge.entry().team()).containsOnly("team-a");
        assertThat(page.hasNextPage()).isFalse();
    }

    @Test
    void searchWithoutTeamReturnsEntriesOfEveryTeam() {
        store("team-a", "first");
        store(null, "second");

        AuditPage page = projection.handle(new SearchAuditEventsQuery(AuditFilter.ALL, null, 10));

        assertThat(page.entries()).extracting(edge -> edge.entry().team()).containsExactly(null, "team-a");
    }

    @Test
    void entryShowsStoringNode() {
        GenericDomainEventMessage<String> clustered = new GenericDomainEventMessage<>("Deployment", "d-1", 0,
                "payload", MetaData.with(DeploymentStepRunner.NODE_ID, "node-a"));
        GenericDomainEventMessage<String> single = new GenericDomainEventMessage<>("Deployment", "d-1", 1,
                "payload");

        projection.on(clustered.getPayload(), clustered);
        projection.on(single.getPayload(), single);

        List<AuditEntry> entries = projection.handle(new FindAuditEventsQuery(null, 10));
        assertThat(entries).extracting(AuditEntry::node).containsExactly(null, "node-a");
    }

    @Test
    void entryShowsUserAgentAndCausationId() {
        RequestContext context = new RequestContext(Caller.user("alice"), "192.0.2.7", "request-1", "curl/8.5.0",
                "request-1", null);
        GenericDomainEventMessage<String> event = new GenericDomainEventMessage<>("Deployment", "d-1", 0, "payload",
                context.toMetaData().and(RequestContext.TEAM, "team-a"));

        projection.on(event.getPayload(), event);

        List<AuditEntry> entries = projection.handle(new FindAuditEventsQuery(null, 10));
        assertThat(entries).hasSize(1);
        AuditEntry entry = entries.get(0);
        assertThat(entry.actor()).isEqualTo("user:alice");
        assertThat(entry.clientAddress()).isEqualTo("192.0.2.7");
        assertThat(entry.userAgent()).isEqualTo("curl/8.5.0");
        assertThat(entry.causationId()).isEqualTo("request-1");
        assertThat(entry.team()).isEqualTo("team-a");
    }

    @Test
    void searchByResourceReturnsOnlyItsEntries() {
        store("team-a", "first");
        store("team-a", "second");
        store("team-b", "first");

        AuditPage page = projection.handle(new SearchAuditEventsQuery(
                new AuditFilter("first", null, null, null, null), null, 10));

        assertThat(page.entries()).hasSize(2);
        assertThat(page.entries()).extracting(edge -> edge.entry().resourceId()).containsOnly("first");
        assertThat(page.entries()).extracting(edge -> edge.entry().team()).containsExactly("team-b", "team-a");
        assertThat(page.hasNextPage()).isFalse();
    }

    @Test
    void searchForUnknownValueReturnsEmptyPage() {
        store("team-a", "first");

        AuditPage page = projection.handle(new SearchAuditEventsQuery(
                new AuditFilter("first", "user:mallory", null, null, null), null, 10));

        assertThat(page.entries()).isEmpty();
        assertThat(page.endCursor()).isNull();
        assertThat(page.hasNextPage()).isFalse();
        assertThat(projection.handle(new FindAuditEventsQuery("unknown", 10))).isEmpty();
    }

    @Test
    void searchPagesFollowTheirCursors() {
        for (int i = 0; i < 7; i++) {
            store(i % 2 == 0 ? "team-a" : "team-b", "resource-" + i);
        }
        AuditFilter teamA = new AuditFilter(null, "engine", null, null, null, "team-a");

        AuditPage first = projection.handle(new SearchAuditEventsQuery(teamA, null, 3));
        AuditPage second = projection.handle(new SearchAuditEventsQuery(teamA, first.endCursor(), 3));

        assertThat(first.entries()).extracting(edge -> edge.entry().resourceId())
                .containsExactly("resource-6", "resource-4", "resource-2");
        assertThat(first.hasNextPage()).isTrue();
        assertThat(second.entries()).extracting(edge -> edge.entry().resourceId()).containsExactly("resource-0");
        assertThat(second.hasNextPage()).isFalse();
    }

    @Test
    void handlerListsRepeatedEventOnce() {
        GenericDomainEventMessage<String> event = new GenericDomainEventMessage<>("Application", "app-1", 0,
                "payload", RequestContext.engine().toMetaData());

        projection.on(event.getPayload(), event);
        projection.on(event.getPayload(), event);

        assertThat(projection.handle(new FindAuditEventsQuery("app-1", 10))).hasSize(1);
    }

    @Test
    void searchByTimeIncludesStartExcludesEnd() {
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        for (int second = 0; second < 3; second++) {
            GenericDomainEventMessage<String> event = new GenericDomainEventMessage<>("Application", "app-" + second,
                    0, "payload", RequestContext.engine().toMetaData(), UUID.randomUUID().toString(),
                    start.plusSeconds(second));
            projection.on(event.getPayload(), event);
        }

        AuditPage page = projection.handle(new SearchAuditEventsQuery(
                new AuditFilter(null, null, null, start.plusSeconds(1), start.plusSeconds(2)), null, 10));

        assertThat(page.entries()).extracting(edge -> edge.entry().resourceId()).containsExactly("app-1");
    }

    private void store(String team, String resourceId) {
        MetaData metaData = RequestContext.engine().toMetaData();
        if (team != null) {
            metaData = metaData.and(RequestContext.TEAM, team);
        }
        GenericDomainEventMessage<String> event = new GenericDomainEventMessage<>("Application", resourceId, 0,
                UUID.randomUUID().toString(), metaData);
        projection.on(event.getPayload(), event);
    }
}
