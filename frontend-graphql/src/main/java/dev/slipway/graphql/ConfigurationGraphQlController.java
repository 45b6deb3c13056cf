package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ConfigurationView;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.web.ConfigurationGateway;
import graphql.GraphQLContext;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Resolves the queries and mutations of {@code configuration.graphqls} through the {@link ConfigurationGateway}. */
@Controller
class ConfigurationGraphQlController {

    /** One entry of {@code Configuration.environment} or {@code Configuration.buildArguments}. */
    record Variable(String name, String value) {
    }

    private final ConfigurationGateway configurations;

    ConfigurationGraphQlController(ConfigurationGateway configurations) {
        this.configurations = configurations;
    }

    @QueryMapping
    ConfigurationView configuration(@Argument String applicationId, GraphQLContext context) {
        return configurations.findConfiguration(ApplicationId.of(applicationId),
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView setEnvironmentVariable(@Argument String applicationId, @Argument String name,
                                             @Argument String value, GraphQLContext context) {
        return configurations.setEnvironmentVariable(ApplicationId.of(applicationId), name, value,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView removeEnvironmentVariable(@Argument String applicationId, @Argument String name,
                                                GraphQLContext context) {
        return configurations.removeEnvironmentVariable(ApplicationId.of(applicationId), name,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView setBuildArgument(@Argument String applicationId, @Argument String name,
                                       @Argument String value, GraphQLContext context) {
        return configurations.setBuildArgument(ApplicationId.of(applicationId), name, value,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView removeBuildArgument(@Argument String applicationId, @Argument String name,
                                          GraphQLContext context) {
        return configurations.removeBuildArgument(ApplicationId.of(applicationId), name,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView setSecret(@Argument String applicationId, @Argument String name, @Argument String value,
                                GraphQLContext context) {
        return configurations.setSecret(ApplicationId.of(applicationId), name, value,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView removeSecret(@Argument String applicationId, @Argument String name, GraphQLContext context) {
        return configurations.removeSecret(ApplicationId.of(applicationId), name,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView rotateSecretKey(@Argument String applicationId, GraphQLContext context) {
        return configurations.rotateSecretKey(ApplicationId.of(applicationId),
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    ConfigurationView deleteApplication(@Argument String applicationId, GraphQLContext context) {
        return configurations.deleteApplication(ApplicationId.of(applicationId),
                RequestContextInterceptor.requestContext(context));
    }

    @SchemaMapping(typeName = "Deployment", field = "configuration")
    ConfigurationView configurationOf(DeploymentView deployment, GraphQLContext context) {
        return configurations.findDeploymentConfiguration(DeploymentId.of(deployment.id()),
                RequestContextInterceptor.requestContext(context));
    }

    @SchemaMapping(typeName = "Configuration", field = "environment")
    List<Variable> environment(ConfigurationView configuration) {
        return variables(configuration.environment());
    }

    @SchemaMapping(typeName = "Configuration", field = "buildArguments")
    List<Variable> buildArguments(ConfigurationView configuration) {
        return variables(configuration.buildArguments());
    }

    private static List<Variable> variables(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> new Variable(entry.getKey(), entry.getValue())).toList();
    }
}
