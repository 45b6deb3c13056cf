package dev.slipway.web;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.RemoveGitCredentialCommand;
import dev.slipway.core.application.SetGitCredentialCommand;
import dev.slipway.core.application.SourceCredential;
import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.secret.GitCredentials;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.Redactor;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.spec.InvalidInputException;
import java.util.Optional;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets and removes the Git credential of an application's repository for both frontends. The token or private key
 * is encrypted here, before any command is dispatched, and is never echoed: responses show the kind, the user name
 * and a mask.
 */
public final class GitCredentialGateway {

    private static final Logger log = LoggerFactory.getLogger(GitCredentialGateway.class);
    private static final String APPLICATION = "application";

    /** The minimum length of a token, so that masking it in output never hides ordinary words. */
    public static final int MIN_TOKEN_LENGTH = 8;
    /** The maximum length of each text field, enough for an RSA 4096 private key and many host keys. */
    public static final int MAX_LENGTH = 16_384;

    /**
     * Input that sets a credential.
     *
     * @param kind       {@code HTTPS_TOKEN} or {@code SSH_KEY}
     * @param username   the HTTPS user name; required for a token, ignored for a key
     * @param token      the HTTPS token or password; required for a token
     * @param privateKey the SSH private key in OpenSSH or PEM format, without a passphrase; required for a key
     * @param knownHosts the server's host keys in {@code known_hosts} format; required for a key
     */
    public record CredentialInput(String kind, String username, String token, String privateKey, String knownHosts) {

        @Override
        public String toString() {
            return "CredentialInput[kind=" + kind + ", username=" + username + "]";
        }
    }

    /**
     * A stored credential as the API shows it.
     *
     * @param applicationId the application
     * @param kind          {@code HTTPS_TOKEN} or {@code SSH_KEY}
     * @param username      the HTTPS user name, or null for a key
     * @param secret        always {@link Redactor#MASK}
     * @param knownHosts    the pinned host keys of a key, which are public, or null for a token
     */
    public record CredentialView(String applicationId, String kind, String username, String secret,
                                 String knownHosts) {
    }

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final SecretVault secrets;

    /** Creates a gateway; without a vault (no master key), every request to set a credential is rejected. */
    public GitCredentialGateway(CommandGateway commandGateway, QueryGateway queryGateway, SecretVault secrets) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.secrets = secrets;
    }

    /**
     * Encrypts the credential with the application's data key and stores it with the application's source for
     * deployments requested afterwards.
     *
     * @throws InvalidInputException when a field is missing or invalid, or the kind does not fit the repository URL;
     *                               secret values are never echoed
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     * @throws SecretException       when the engine has no master key or the application's key was destroyed
     */
    public CredentialView setCredential(ApplicationId applicationId, CredentialInput input, RequestContext context) {
        GitCredential credential = toCredential(input);
        if (secrets == null) {
            throw new SecretException("Unable to store the Git credential of application '" + applicationId
                    + "': this engine runs without a master key. Configure slipway.secrets.master-key-file or the"
                    + " environment variable " + MasterKey.ENVIRONMENT_VARIABLE + ", then set the credential again.");
        }
        requireApplication(applicationId, context);
        SourceCredential stored = GitCredentials.encrypt(secrets, applicationId, credential);
        send(new SetGitCredentialCommand(applicationId, stored), applicationId, context);
        log.info("application [{}] Git credential [{}] set with key [{}] by [{}] in request [{}]", applicationId,
                stored.kind(), stored.secret().keyId(), context.caller(), context.correlationId());
        return new CredentialView(applicationId.toString(), stored.kind().name(), stored.username(), Redactor.MASK,
                stored.knownHosts());
    }

    /**
     * Removes the credential of the application's repository; Git steps then connect without one.
     *
     * @throws NotFoundException when the application does not exist or the caller may not see it
     */
    public void removeCredential(ApplicationId applicationId, RequestContext context) {
        send(new RemoveGitCredentialCommand(applicationId), applicationId, context);
        log.info("application [{}] Git credential removed by [{}] in request [{}]", applicationId, context.caller(),
                context.correlationId());
    }

    private static GitCredential toCredential(CredentialInput input) {
        if (input == null || input.kind() == null) {
            throw new InvalidInputException("kind", "must be HTTPS_TOKEN or SSH_KEY", null);
        }
        String kind = input.kind();
        if (kind.equals(SourceCredential.Kind.HTTPS_TOKEN.name())) {
            requireText("username", input.username());
            requireText("token", input.token());
            if (input.token().length() < MIN_TOKEN_LENGTH) {
                throw InvalidInputException.withoutValue("token", "must be at least " + MIN_TOKEN_LENGTH
                        + " characters, so that masking it in output never hides ordinary words");
            }
            return new GitCredential.HttpsToken(input.username(), input.token());
        }
        if (kind.equals(SourceCredential.Kind.SSH_KEY.name())) {
            requireText("privateKey", input.privateKey());
            requireText("knownHosts", input.knownHosts());
            SshKeyInput.requirePrivateKey(input.privateKey());
            SshKeyInput.requireKnownHosts(input.knownHosts());
            return new GitCredential.SshKey(input.privateKey(), input.knownHosts());
        }
        throw new InvalidInputException("kind", "must be HTTPS_TOKEN or SSH_KEY", input.kind());
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw InvalidInputException.withoutValue(field, "must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw InvalidInputException.withoutValue(field, "must be at most " + MAX_LENGTH + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw InvalidInputException.withoutValue(field, "must not contain the NUL character");
        }
    }

    private void requireApplication(ApplicationId applicationId, RequestContext context) {
        Optional<ApplicationView> found = queryGateway.query(
                GenericMessage.asMessage(new FindApplicationQuery(applicationId)).andMetaData(context.toMetaData()),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join();
        if (found.isEmpty()) {
            throw new NotFoundException(APPLICATION, applicationId.toString());
        }
    }

    private void send(Object command, ApplicationId applicationId, RequestContext context) {
        try {
            commandGateway.sendAndWait(
                    GenericCommandMessage.asCommandMessage(command).andMetaData(context.toMetaData()));
        } catch (RuntimeException e) {
            Throwable cause = EngineFailures.unwrap(e);
            if (cause instanceof AggregateNotFoundException) {
                throw new NotFoundException(APPLICATION, applicationId.toString());
            }
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
