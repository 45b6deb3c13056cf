package dev.slipway.graphql;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.logs.LogLine;
import dev.slipway.core.logs.LogPage;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.LogStreams;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** Resolves the query and the subscription of {@code logs.graphqls}: pages of a deployment's log and its stream. */
@Controller
class DeploymentLogGraphQlController {

    private static final int MAX_LIMIT = 1000;

    private final EngineGateway engine;
    private final DeploymentLogStore logs;

    DeploymentLogGraphQlController(EngineGateway engine, DeploymentLogStore logs) {
        this.engine = engine;
        this.logs = logs;
    }

    @QueryMapping
    LogPage deploymentLogs(@Argument String deploymentId, @Argument Integer after, @Argument Integer limit,
                           GraphQLContext context) {
        DeploymentId id = DeploymentId.of(deploymentId);
        long position = sequence("after", after);
        int size = limit == null ? 500 : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be a whole number from 1 to " + MAX_LIMIT,
                    Integer.toString(size));
        }
        DeploymentView deployment = engine.findDeployment(id, RequestContextInterceptor.requestContext(context));
        LogPage page = logs.read(id, position, size);
        return new LogPage(page.lines(), page.lastSequence(), page.ended() || deployment.status().isFinal());
    }

    @SubscriptionMapping(name = "deploymentLogs")
    Flux<LogLine> streamDeploymentLogs(@Argument String deploymentId, @Argument Integer since,
                                       GraphQLContext context) {
        DeploymentId id = DeploymentId.of(deploymentId);
        long position = sequence("since", since);
        DeploymentView deployment = engine.findDeployment(id, RequestContextInterceptor.requestContext(context));
        return LogStreams.follow(logs, id, position, deployment.status().isFinal());
    }

    private static long sequence(String field, Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new InvalidInputException(field, "must be a line sequence number, 0 or more",
                    Integer.toString(value));
        }
        return value;
    }
}
