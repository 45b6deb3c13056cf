package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.web.GitCredentialGateway;
import dev.slipway.web.GitCredentialGateway.CredentialInput;
import dev.slipway.web.GitCredentialGateway.CredentialView;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** Resolves the mutations of {@code git-credential.graphqls} through the {@link GitCredentialGateway}. */
@Controller
class GitCredentialGraphQlController {

    private final GitCredentialGateway credentials;

    GitCredentialGraphQlController(GitCredentialGateway credentials) {
        this.credentials = credentials;
    }

    @MutationMapping
    CredentialView setGitCredential(@Argument String applicationId, @Argument CredentialInput input,
                                    GraphQLContext context) {
        return credentials.setCredential(ApplicationId.of(applicationId), input,
                RequestContextInterceptor.requestContext(context));
    }

    @MutationMapping
    boolean removeGitCredential(@Argument String applicationId, GraphQLContext context) {
        credentials.removeCredential(ApplicationId.of(applicationId),
                RequestContextInterceptor.requestContext(context));
        return true;
    }
}
