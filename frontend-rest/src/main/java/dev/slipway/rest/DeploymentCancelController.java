package dev.slipway.rest;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cancels deployments. Returns 202 with the deployment, whose status turns CANCELLED once its running step has
 * stopped. Returns 409 when the deployment ended or its new release is taking over.
 */
@RestController
class DeploymentCancelController {

    private final EngineGateway engine;
    private final RequestContextResolver contexts;

    DeploymentCancelController(EngineGateway engine, RequestContextResolver contexts) {
        this.engine = engine;
        this.contexts = contexts;
    }

    @PostMapping("/api/deployments/{deploymentId}/cancel")
    ResponseEntity<DeploymentView> cancel(@PathVariable String deploymentId, HttpServletRequest request) {
        DeploymentView deployment = engine.cancelDeployment(DeploymentId.of(deploymentId), contexts.resolve(request));
        return ResponseEntity.accepted().body(deployment);
    }
}
