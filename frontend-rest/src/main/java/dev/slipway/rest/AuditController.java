package dev.slipway.rest;

import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads the audit log: who changed what, when, from where and in which request. */
@RestController
class AuditController {

    private final EngineGateway engine;
    private final RequestContextResolver contexts;

    AuditController(EngineGateway engine, RequestContextResolver contexts) {
        this.engine = engine;
        this.contexts = contexts;
    }

    @GetMapping("/api/audit-events")
    List<AuditEntry> list(@RequestParam(required = false) String resourceId,
                          @RequestParam(required = false) String limit, HttpServletRequest request) {
        return engine.findAuditEvents(blankToNull(resourceId), parseLimit(limit), contexts.resolve(request));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Integer parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(limit);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("limit", EngineGateway.AUDIT_LIMIT_RULE, limit);
        }
    }
}
