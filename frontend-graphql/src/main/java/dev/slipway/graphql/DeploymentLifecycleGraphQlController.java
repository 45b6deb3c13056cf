package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.web.EngineGateway;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** Resolves the mutations of {@code deployment-lifecycle.graphqls}: cancel, and requests with an idempotency key. */
@Controller
class DeploymentLifecycleGraphQlController {

    private final EngineGateway engine;

    DeploymentLifecycleGraphQlController(EngineGateway engine) {
        this.engine = engine;
    }

    @MutationMapping
    DeploymentView cancelDeployment(@Argument String id, GraphQLContext context) {
        return engine.cancelDeployment(ArgumentNames.deploymentId("id", id),
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    DeploymentView deployOnce(@Argument String applicationId, @Argument String ref, @Argument String idempotencyKey,
                              GraphQLContext context) {
        return engine.requestDeployment(ApplicationId.of(applicationId), ref, idempotencyKey,
                RequestContextInterceptor.requestContext(context));
    }
}
