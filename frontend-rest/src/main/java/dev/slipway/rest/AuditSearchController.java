package dev.slipway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.audit.AuditFilter;
import dev.slipway.core.audit.AuditPage;
import dev.slipway.core.audit.SearchAuditEventsQuery;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.AuditFilterRules;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Searches the audit log by resource, actor, event type, time range and team, one page at a time, and exports every
 * matching entry as JSON Lines. Entries hold who, when, from where and which event, never an event's payload, so
 * an export contains no secret.
 */
@RestController
class AuditSearchController {

    /** Entries fetched per query while an export streams; memory use stays at one page whatever the log's size. */
    static final int EXPORT_PAGE = 500;

    private static final Logger log = LoggerFactory.getLogger(AuditSearchController.class);
    private static final String INSTANT_RULE = "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z";
    private static final Set<String> SEARCH_PARAMETERS = new TreeSet<>(List.of("resourceId", "actor", "eventType",
            "from", "to", "after", "first", "team"));
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Set<String> EXPORT_PARAMETERS = new TreeSet<>(List.of("resourceId", "actor", "eventType",
            "from", "to", "team"));

    private final QueryGateway queries;
    private final RequestContextResolver contexts;
    private final ObjectMapper json;

    AuditSearchController(QueryGateway queries, RequestContextResolver contexts, ObjectMapper json) {
        this.queries = queries;
        this.contexts = contexts;
        this.json = json;
    }

    @GetMapping("/api/audit-events/search")
    AuditPage search(@RequestParam(required = false) String resourceId, @RequestParam(required = false) String actor,
                     @RequestParam(required = false) String eventType, @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to, @RequestParam(required = false) String after,
                     @RequestParam(required = false) String first, @RequestParam(required = false) String team,
                     HttpServletRequest request) {
        RequestContext context = contexts.resolve(request);
        checkParameterNames(request, SEARCH_PARAMETERS);
        AuditFilter filter = filter(resourceId, actor, eventType, from, to, team);
        return page(new SearchAuditEventsQuery(filter, blankToNull(after), parseFirst(first)), context);
    }

    @GetMapping("/api/audit-events/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String resourceId,
                                                 @RequestParam(required = false) String actor,
                                                 @RequestParam(required = false) String eventType,
                                                 @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) String team,
                                                 HttpServletRequest request) {
        RequestContext context = contexts.resolve(request);
        checkParameterNames(request, EXPORT_PARAMETERS);
        AuditFilter filter = filter(resourceId, actor, eventType, from, to, team);
        AuditPage firstPage = page(new SearchAuditEventsQuery(filter, null, EXPORT_PAGE), context);
        log.info("audit export started in request [{}] by [{}]", context.correlationId(), context.caller());
        StreamingResponseBody body = out -> write(firstPage, filter, context, out);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON).body(body);
    }

    private void write(AuditPage firstPage, AuditFilter filter, RequestContext context, OutputStream out)
            throws IOException {
        AuditPage page = firstPage;
        while (true) {
            for (AuditPage.Edge edge : page.entries()) {
                out.write(json.writeValueAsBytes(edge.entry()));
                out.write('\n');
            }
            out.flush();
            if (!page.hasNextPage()) {
                return;
            }
            page = page(new SearchAuditEventsQuery(filter, page.endCursor(), EXPORT_PAGE), context);
        }
    }

    /**
     * Runs a search as the caller, so that the page holds only entries of the caller's teams, and rethrows a
     * rejection without the wrappers of the future and the query bus.
     */
    private AuditPage page(SearchAuditEventsQuery query, RequestContext context) {
        try {
            return queries.query(GenericMessage.asMessage(query).andMetaData(context.toMetaData()),
                    ResponseTypes.instanceOf(AuditPage.class)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof HandlerExecutionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /**
     * Rejects a query parameter that the route does not know, so that a misspelt filter such as {@code evenType}
     * fails instead of matching every entry.
     */
    private static void checkParameterNames(HttpServletRequest request, Set<String> accepted) {
        for (String name : request.getParameterMap().keySet()) {
            if (accepted.contains(name)) {
                continue;
            }
            String rule = "is not a known filter. Use one of " + String.join(", ", accepted);
            if (PLAIN_NAME.matcher(name).matches()) {
                throw InvalidInputException.withoutValue(name, rule);
            }
            // Any other name goes into the value, which the exception makes printable and the log leaves out.
            throw new InvalidInputException("parameter", rule, name);
        }
    }

    private static AuditFilter filter(String resourceId, String actor, String eventType, String from, String to,
                                      String team) {
        AuditFilterRules.checkActor("actor", actor);
        AuditFilterRules.checkEventType("eventType", eventType);
        return new AuditFilter(blankToNull(resourceId), blankToNull(actor), blankToNull(eventType),
                parseInstant("from", from), parseInstant("to", to), blankToNull(team));
    }

    private static Instant parseInstant(String field, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, INSTANT_RULE, text);
        }
    }

    private static int parseFirst(String first) {
        if (first == null || first.isEmpty()) {
            return 100;
        }
        try {
            return Integer.parseInt(first);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("first", "must be a whole number from 1 to 1000", first);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
