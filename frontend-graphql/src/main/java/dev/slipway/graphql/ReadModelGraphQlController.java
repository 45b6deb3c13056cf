package dev.slipway.graphql;

import dev.slipway.core.readmodel.ReplayProgress;
import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.web.EngineGateway;
import graphql.GraphQLContext;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Resolves the read model queries and the replay of one read model, declared in {@code graphql/audit.graphqls}. */
@Controller
class ReadModelGraphQlController {

    private final EngineGateway engine;

    ReadModelGraphQlController(EngineGateway engine) {
        this.engine = engine;
    }

    @QueryMapping
    List<String> readModels(GraphQLContext context) {
        RequestContextInterceptor.requestContext(context);
        return engine.readModelNames();
    }

    @QueryMapping
    ReplayProgress readModelReplayProgress(GraphQLContext context) {
        RequestContextInterceptor.requestContext(context);
        return engine.replayProgress().orElse(null);
    }

    @MutationMapping
    ReplayReport replayReadModel(@Argument String name, GraphQLContext context) {
        return ArgumentNames.renamingField("readModel", "name",
                () -> engine.replayReadModel(RequestContextInterceptor.requestContext(context), name));
    }
}
