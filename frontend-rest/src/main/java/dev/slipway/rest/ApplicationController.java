package dev.slipway.rest;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationPage;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.web.ApplicationInput;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Creates and reads applications under {@code /api/applications}. */
@RestController
class ApplicationController {

    private final EngineGateway engine;
    private final RequestContextResolver contexts;

    ApplicationController(EngineGateway engine, RequestContextResolver contexts) {
        this.engine = engine;
        this.contexts = contexts;
    }

    @PostMapping("/api/applications")
    ResponseEntity<ApplicationView> create(@RequestBody ApplicationInput body, HttpServletRequest request) {
        ApplicationView created = engine.createApplication(body, contexts.resolve(request));
        URI location = URI.create(request.getContextPath() + "/api/applications/" + created.id());
        return ResponseEntity.created(location).body(created);
    }

    /**
     * Lists one page of the applications the caller may see, newest first, as a JSON array: {@code first} of them
     * (1 to 1000, 100 when absent) after the cursor {@code after}. A {@code Link} header with {@code rel="next"}
     * points to the next page while one follows.
     */
    @GetMapping("/api/applications")
    ResponseEntity<List<ApplicationView>> list(@RequestParam(required = false) String first,
                                               @RequestParam(required = false) String after,
                                               HttpServletRequest request) {
        RequestContext context = contexts.resolve(request);
        int pageSize = PageLinks.first(first);
        ApplicationPage page = engine.findApplicationPage(after, pageSize, context);
        return PageLinks.page(page.applications(), page.endCursor(), page.hasNextPage(), pageSize, request);
    }

    @GetMapping("/api/applications/{applicationId}")
    ApplicationView get(@PathVariable String applicationId, HttpServletRequest request) {
        return engine.findApplication(ApplicationId.of(applicationId), contexts.resolve(request));
    }
}
