package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationPage;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.deployment.DeploymentPage;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.readmodel.NewestFirstIndex;
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

    /** The maximum number of entries that the list fields {@code applications} and {@code deployments} return. */
    static final int MAX_LIST_SIZE = NewestFirstIndex.MAX_PAGE_SIZE;
    /**
     * The maximum number of deployments that {@code Application.deployments} returns per application, smaller than
     * {@link #MAX_LIST_SIZE} because a list of applications repeats it for each one.
     */
    static final int MAX_NESTED_LIST_SIZE = 100;

    private final EngineGateway engine;

    SlipwayGraphQlController(EngineGateway engine) {
        this.engine = engine;
    }

    @QueryMapping
    List<ApplicationView> applications(GraphQLContext context) {
        return engine.findApplicationPage(null, MAX_LIST_SIZE, RequestContextInterceptor.requestContext(context))
                .applications();
    }

    @QueryMapping
    ApplicationConnection applicationConnection(@Argument Integer first, @Argument String after,
                                                GraphQLContext context) {
        ApplicationPage page = engine.findApplicationPage(after, pageSize(first),
                RequestContextInterceptor.requestContext(context));
        List<ApplicationEdge> edges = page.entries().stream()
                .map(edge -> new ApplicationEdge(edge.cursor(), edge.application()))
                .toList();
        String startCursor = edges.isEmpty() ? null : edges.get(0).cursor();
        return new ApplicationConnection(edges, new PageInfo(page.hasNextPage(), false, startCursor,
                page.endCursor()));
    }

    @QueryMapping
    ApplicationView application(@Argument String id, GraphQLContext context) {
        return engine.findApplication(ArgumentNames.applicationId("id", id),
                RequestContextInterceptor.requestContext(context));
    }

    @QueryMapping
    List<DeploymentView> deployments(@Argument String applicationId, GraphQLContext context) {
        ApplicationId application = applicationId == null ? null : ApplicationId.of(applicationId);
        return engine.findDeploymentPage(application, null, MAX_LIST_SIZE,
                RequestContextInterceptor.requestContext(context)).deployments();
    }

    @QueryMapping
    DeploymentConnection deploymentConnection(@Argument String applicationId, @Argument Integer first,
                                              @Argument String after, GraphQLContext context) {
        ApplicationId application = applicationId == null ? null : ApplicationId.of(applicationId);
        DeploymentPage page = engine.findDeploymentPage(application, after, pageSize(first),
                RequestContextInterceptor.requestContext(context));
        List<DeploymentEdge> edges = page.entries().stream()
                .map(edge -> new DeploymentEdge(edge.cursor(), edge.deployment()))
                .toList();
        String startCursor = edges.isEmpty() ? null : edges.get(0).cursor();
        return new DeploymentConnection(edges, new PageInfo(page.hasNextPage(), false, startCursor,
                page.endCursor()));
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
        return engine.findDeploymentPage(ApplicationId.of(application.id()), null, MAX_NESTED_LIST_SIZE,
                RequestContextInterceptor.requestContext(context)).deployments();
    }

    /** Returns the requested page size, or the default one for an explicit null; the engine checks its range. */
    private static int pageSize(Integer first) {
        return first == null ? NewestFirstIndex.DEFAULT_PAGE_SIZE : first;
    }

    record ApplicationConnection(List<ApplicationEdge> edges, PageInfo pageInfo) {
    }

    record ApplicationEdge(String cursor, ApplicationView node) {
    }

    record DeploymentConnection(List<DeploymentEdge> edges, PageInfo pageInfo) {
    }

    record DeploymentEdge(String cursor, DeploymentView node) {
    }

    record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }
}
