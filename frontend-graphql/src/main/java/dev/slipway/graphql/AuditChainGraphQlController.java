package dev.slipway.graphql;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.AuditException;
import dev.slipway.core.audit.AuditFilter;
import dev.slipway.core.audit.AuditPage;
import dev.slipway.core.audit.ChainVerification;
import dev.slipway.core.audit.SearchAuditEventsQuery;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.AuditFilterRules;
import dev.slipway.web.EngineGateway;
import graphql.GraphQLContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Resolves the audit queries of {@code audit.graphqls}: chain verification, public key and search. */
@Controller
class AuditChainGraphQlController {

    private static final Logger log = LoggerFactory.getLogger(AuditChainGraphQlController.class);

    private static final int DEFAULT_PAGE = 100;

    private final ObjectProvider<AuditChain> chain;
    private final QueryGateway queries;
    private final EngineGateway engine;

    AuditChainGraphQlController(ObjectProvider<AuditChain> chain, QueryGateway queries, EngineGateway engine) {
        this.chain = chain;
        this.queries = queries;
        this.engine = engine;
    }

    @QueryMapping
    ChainVerification auditChainVerification(GraphQLContext context) {
        RequestContext request = RequestContextInterceptor.requestContext(context);
        engine.requireAuditChainRight(request);
        ChainVerification result = chain().verify();
        log.info("audit chain verified in request [{}] by [{}]: intact [{}] over {} entries, {} events pending",
                request.correlationId(), request.caller(), result.intact(), result.entriesChecked(),
                result.pendingEvents());
        return result;
    }

    @QueryMapping
    String auditPublicKey(GraphQLContext context) {
        RequestContextInterceptor.requestContext(context);
        return chain().publicJwk();
    }

    @QueryMapping
    AuditEventConnection auditEventConnection(@Argument Map<String, Object> filter, @Argument Integer first,
                                              @Argument String after, GraphQLContext context) {
        RequestContext request = RequestContextInterceptor.requestContext(context);
        SearchAuditEventsQuery query = new SearchAuditEventsQuery(filter(filter), after,
                first == null ? DEFAULT_PAGE : first);
        // The caller's context makes the engine keep only entries of the caller's teams.
        AuditPage page = queries.query(GenericMessage.asMessage(query).andMetaData(request.toMetaData()),
                ResponseTypes.instanceOf(AuditPage.class)).join();
        List<AuditEventEdge> edges = page.entries().stream()
                .map(edge -> new AuditEventEdge(edge.cursor(), edge.entry()))
                .toList();
        String startCursor = edges.isEmpty() ? null : edges.get(0).cursor();
        return new AuditEventConnection(edges, new AuditPageInfo(page.hasNextPage(), false, startCursor,
                page.endCursor()));
    }

    private static AuditFilter filter(Map<String, Object> input) {
        if (input == null) {
            return AuditFilter.ALL;
        }
        String actor = emptyToNull((String) input.get("actor"));
        String eventType = emptyToNull((String) input.get("eventType"));
        AuditFilterRules.checkActor("actor", actor);
        AuditFilterRules.checkEventType("eventType", eventType);
        return new AuditFilter(emptyToNull((String) input.get("resourceId")), actor, eventType,
                instant("from", input.get("from")), instant("to", input.get("to")),
                emptyToNull((String) input.get("team")));
    }

    /** Treats an empty filter value as absent, as the REST search does with an empty query parameter. */
    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Instant instant(String field, Object text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.toString());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z",
                    text.toString());
        }
    }

    private AuditChain chain() {
        AuditChain available = chain.getIfAvailable();
        if (available == null) {
            throw new AuditException("This engine keeps no audit chain: it needs a data source with Axon's JPA or"
                    + " JDBC event store.");
        }
        return available;
    }

    record AuditEventConnection(List<AuditEventEdge> edges, AuditPageInfo pageInfo) {
    }

    record AuditEventEdge(String cursor, AuditEntry node) {
    }

    record AuditPageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }
}
