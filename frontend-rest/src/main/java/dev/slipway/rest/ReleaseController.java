package dev.slipway.rest;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.ReleaseGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rolls applications back to earlier releases, sets how many release images they keep, and sets their domains. A
 * rollback returns 202 with the new deployment and its {@code Location}; the deployment fails in its first step, and
 * the serving release stays, when the earlier image no longer exists.
 */
@RestController
class ReleaseController {

    /**
     * Body of a rollback request.
     *
     * @param deploymentId the earlier succeeded deployment whose image to start again
     */
    record RollbackRequest(String deploymentId) {
    }

    /**
     * Body of an image retention setting.
     *
     * @param keptImages images of its latest releases the application keeps, from 1 to 100, or null for the
     *                   engine's default
     */
    record ImageRetention(Integer keptImages) {
    }

    /**
     * Body of a domains setting.
     *
     * @param domains the application's new domains, or an empty list for none
     */
    record Domains(List<String> domains) {
    }

    private final ReleaseGateway releases;
    private final RequestContextResolver contexts;

    ReleaseController(ReleaseGateway releases, RequestContextResolver contexts) {
        this.releases = releases;
        this.contexts = contexts;
    }

    @PostMapping("/api/applications/{applicationId}/rollbacks")
    ResponseEntity<DeploymentView> rollback(@PathVariable String applicationId,
                                            @RequestBody(required = false) RollbackRequest body,
                                            HttpServletRequest request) {
        ApplicationId application = ApplicationId.of(applicationId);
        if (body == null || body.deploymentId() == null) {
            throw new InvalidInputException("deploymentId", "must not be empty", null);
        }
        DeploymentView deployment = releases.requestRollback(application, body.deploymentId(),
                contexts.resolve(request));
        URI location = URI.create(request.getContextPath() + "/api/deployments/" + deployment.id());
        return ResponseEntity.accepted().location(location).body(deployment);
    }

    @PutMapping("/api/applications/{applicationId}/domains")
    ApplicationView setDomains(@PathVariable String applicationId, @RequestBody(required = false) Domains body,
                               HttpServletRequest request) {
        return releases.setDomains(ApplicationId.of(applicationId), body == null ? null : body.domains(),
                contexts.resolve(request));
    }

    @PutMapping("/api/applications/{applicationId}/image-retention")
    ImageRetention setImageRetention(@PathVariable String applicationId,
                                     @RequestBody(required = false) ImageRetention body,
                                     HttpServletRequest request) {
        Integer kept = body == null ? null : body.keptImages();
        releases.setImageRetention(ApplicationId.of(applicationId), kept, contexts.resolve(request));
        return new ImageRetention(kept);
    }
}
