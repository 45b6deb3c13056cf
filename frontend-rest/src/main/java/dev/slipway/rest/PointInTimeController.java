package dev.slipway.rest;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.audit.ApplicationState;
import dev.slipway.core.audit.PointInTime;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Returns an application as it stood at a past timestamp or event position, computed from the event stream. */
@RestController
class PointInTimeController {

    private static final String ONE_OF = "give exactly one of 'time' (an ISO-8601 instant) and 'position'";

    private final PointInTime pointInTime;
    private final EngineGateway engine;
    private final RequestContextResolver contexts;

    PointInTimeController(PointInTime pointInTime, EngineGateway engine, RequestContextResolver contexts) {
        this.pointInTime = pointInTime;
        this.engine = engine;
        this.contexts = contexts;
    }

    @GetMapping("/api/applications/{applicationId}/state-at")
    ApplicationState stateAt(@PathVariable String applicationId, @RequestParam(required = false) String time,
                             @RequestParam(required = false) String position, HttpServletRequest request) {
        RequestContext context = contexts.resolve(request);
        ApplicationId id = ApplicationId.of(applicationId);
        requireVisible(id, context);
        boolean hasTime = time != null && !time.isEmpty();
        boolean hasPosition = position != null && !position.isEmpty();
        if (hasTime == hasPosition) {
            throw new InvalidInputException("time", ONE_OF, hasTime ? time : null);
        }
        if (hasTime) {
            return pointInTime.applicationAt(id, parseTime(time));
        }
        return pointInTime.applicationAt(id, parsePosition(position));
    }

    /**
     * Checks that the caller may read the application's past. The past state is read from the event store without
     * the engine's checks, so the caller must be able to see the application now. A deleted application is gone
     * from the read models, so its past is shown to those whom the audit log shows its entries: its team's members.
     * An application of another team reads as not found.
     */
    private void requireVisible(ApplicationId id, RequestContext context) {
        try {
            engine.findApplication(id, context);
        } catch (NotFoundException e) {
            if (engine.findAuditEvents(id.toString(), 1, context).isEmpty()) {
                throw e;
            }
        }
    }

    private static Instant parseTime(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("time", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", time);
        }
    }

    private static long parsePosition(String position) {
        try {
            long parsed = Long.parseLong(position);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new InvalidInputException("position", "must be a global event position of 0 or more", position);
    }
}
