package dev.slipway.rest;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentPage;
import dev.slipway.core.deployment.DeploymentView;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Requests and reads deployments of applications. */
@RestController
class DeploymentController {

    /**
     * Body of a deployment request.
     *
     * @param ref the branch, tag or commit to deploy, or null for the application's configured ref
     */
    record DeploymentRequest(String ref) {
    }

    private final EngineGateway engine;
    private final RequestContextResolver contexts;

    DeploymentController(EngineGateway engine, RequestContextResolver contexts) {
        this.engine = engine;
        this.contexts = contexts;
    }

    /**
     * Requests a deployment. A repeated request with the same {@code Idempotency-Key} header returns the deployment
     * of the first one and starts none.
     */
    @PostMapping("/api/applications/{applicationId}/deployments")
    ResponseEntity<DeploymentView> request(@PathVariable String applicationId,
                                           @RequestBody(required = false) DeploymentRequest body,
                                           @RequestHeader(name = "Idempotency-Key", required = false)
                                           String idempotencyKey,
                                           HttpServletRequest request) {
        ApplicationId application = ApplicationId.of(applicationId);
        String ref = body == null ? null : body.ref();
        DeploymentView deployment = engine.requestDeployment(application, ref, idempotencyKey,
                contexts.resolve(request));
        URI location = URI.create(request.getContextPath() + "/api/deployments/" + deployment.id());
        return ResponseEntity.accepted().location(location).body(deployment);
    }

    /**
     * Lists one page of an application's deployments, newest first, as a JSON array: {@code first} of them (1 to
     * 1000, 100 when absent) after the cursor {@code after}. A {@code Link} header with {@code rel="next"} points to
     * the next page while one follows.
     */
    @GetMapping("/api/applications/{applicationId}/deployments")
    ResponseEntity<List<DeploymentView>> list(@PathVariable String applicationId,
                                              @RequestParam(required = false) String first,
                                              @RequestParam(required = false) String after,
                                              HttpServletRequest request) {
        RequestContext context = contexts.resolve(request);
        int pageSize = PageLinks.first(first);
        DeploymentPage page = engine.findDeploymentPage(ApplicationId.of(applicationId), after, pageSize, context);
        return PageLinks.page(page.deployments(), page.endCursor(), page.hasNextPage(), pageSize, request);
    }

    @GetMapping("/api/deployments/{deploymentId}")
    DeploymentView get(@PathVariable String deploymentId, HttpServletRequest request) {
        return engine.findDeployment(DeploymentId.of(deploymentId), contexts.resolve(request));
    }
}
