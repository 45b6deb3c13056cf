package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.web.ApplicationInput;
import dev.slipway.web.EngineGateway;
import graphql.GraphQLContext;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Resolves the queries and mutations of {@code slipway.graphqls} through the shared {@link EngineGateway}. */
@Controller
class SlipwayGraphQlController {

    private final EngineGateway engine;

    SlipwayGraphQlController(EngineGateway engine) {
        this.engine = engine;
    }

    @QueryMapping
    List<ApplicationView> applications(GraphQLContext context) {
        return engine.findApplications(RequestContextInterceptor.requestContext(context));
    }

    @QueryMapping
    ApplicationView application(@Argument String id, GraphQLContext context) {
        return engine.findApplication(ArgumentNames.applicationId("id", id),
                RequestContextInterceptor.requestContext(context));
    }

    @QueryMapping
    List<DeploymentView> deployments(@Argument String applicationId, GraphQLContext context) {
        ApplicationId application = applicationId == null ? null : ApplicationId.of(applicationId);
        return engine.findDeployments(application, RequestContextInterceptor.requestContext(context));
    }

    @QueryMapping
    DeploymentView deployment(@Argument String id, GraphQLContext context) {
        return engine.findDeployment(ArgumentNames.deploymentId("id", id),
                RequestContextInterceptor.requestContext(context));
    }

    @QueryMapping
    List<AuditEntry> auditEvents(@Argument String resourceId, @Argument Integer limit, GraphQLContext context) {
        return engine.findAuditEvents(resourceId, limit, RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ApplicationView createApplication(@Argument ApplicationInput input, GraphQLContext context) {
        return engine.createApplication(input, RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    DeploymentView deploy(@Argument String applicationId, @Argument String ref, GraphQLContext context) {
        return engine.requestDeployment(ApplicationId.of(applicationId), ref,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ReplayReport replayReadModels(GraphQLContext context) {
        return engine.replayReadModels(RequestContextInterceptor.requestContext(context));
    }

    @SchemaMapping(typeName = "Application", field = "deployments")
    List<DeploymentView> deploymentsOf(ApplicationView application, GraphQLContext context) {
        return engine.findDeployments(ApplicationId.of(application.id()),
                RequestContextInterceptor.requestContext(context));
    }
}
