package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.web.ReleaseGateway;
import graphql.GraphQLContext;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/**
 * Resolves the mutations of {@code release.graphqls} and {@code domains.graphqls}: rollbacks, image retention and
 * domains.
 */
@Controller
class ReleaseGraphQlController {

    private final ReleaseGateway releases;

    ReleaseGraphQlController(ReleaseGateway releases) {
        this.releases = releases;
    }

    @MutationMapping
    DeploymentView rollback(@Argument String applicationId, @Argument String deploymentId, GraphQLContext context) {
        return releases.requestRollback(ApplicationId.of(applicationId), deploymentId,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ApplicationView setDomains(@Argument String applicationId, @Argument List<String> domains,
                               GraphQLContext context) {
        return releases.setDomains(ApplicationId.of(applicationId), domains,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    Integer setImageRetention(@Argument String applicationId, @Argument Integer keptImages, GraphQLContext context) {
        releases.setImageRetention(ApplicationId.of(applicationId), keptImages,
                RequestContextInterceptor.requestContext(context));
        return keptImages;
    }
}
