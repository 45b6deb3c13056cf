package dev.slipway.web;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.ConfigurationView;
import dev.slipway.core.application.DeleteApplicationCommand;
import dev.slipway.core.application.FindApplicationConfigurationQuery;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.FindConfigurationQuery;
import dev.slipway.core.application.FindDeploymentConfigurationQuery;
import dev.slipway.core.application.ReencryptSecretCommand;
import dev.slipway.core.application.RemoveBuildArgumentCommand;
import dev.slipway.core.application.RemoveEnvironmentVariableCommand;
import dev.slipway.core.application.RemoveSecretCommand;
import dev.slipway.core.application.SetBuildArgumentCommand;
import dev.slipway.core.application.SetEnvironmentVariableCommand;
import dev.slipway.core.application.SetSecretCommand;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.application.VariableValues;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.spec.InvalidInputException;
import java.util.Map;
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
 * Sets, removes and reads the environment variables, secrets and build arguments of applications on behalf of a web
 * request, so that both frontends validate names and values and report a missing application in the same way. Logs
 * name the variable and never its value.
 */
public class ConfigurationGateway {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationGateway.class);
    private static final String APPLICATION = "application";
    private static final String DEPLOYMENT = "deployment";

    /** The minimum length of a secret value, so that masking it in output never hides ordinary words. */
    public static final int MIN_SECRET_LENGTH = VariableValues.MIN_SECRET_LENGTH;

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final SecretVault secrets;

    /**
     * Creates a gateway; a null {@code secrets} vault means the engine has no master key, and every request to set
     * a secret is rejected.
     */
    public ConfigurationGateway(CommandGateway commandGateway, QueryGateway queryGateway, SecretVault secrets) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.secrets = secrets;
    }

    /**
     * Sets an environment variable to exactly {@code value} and returns the application's configuration.
     *
     * @throws InvalidInputException when the name or the value breaks its rule
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     */
    public ConfigurationView setEnvironmentVariable(ApplicationId applicationId, String name, String value,
                                                    RequestContext context) {
        send(new SetEnvironmentVariableCommand(applicationId, new VariableName(name), value), applicationId,
                context);
        log.info("application [{}] environment variable [{}] set by [{}] in request [{}]", applicationId, name,
                context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Removes an environment variable, when it is set, and returns the application's configuration.
     *
     * @throws InvalidInputException when the name breaks its rule
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     */
    public ConfigurationView removeEnvironmentVariable(ApplicationId applicationId, String name,
                                                       RequestContext context) {
        send(new RemoveEnvironmentVariableCommand(applicationId, new VariableName(name)), applicationId, context);
        log.info("application [{}] environment variable [{}] removed by [{}] in request [{}]", applicationId, name,
                context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Sets a build argument to exactly {@code value} and returns the application's configuration.
     *
     * @throws InvalidInputException when the name or the value breaks its rule
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     */
    public ConfigurationView setBuildArgument(ApplicationId applicationId, String name, String value,
                                              RequestContext context) {
        send(new SetBuildArgumentCommand(applicationId, new VariableName(name), value), applicationId, context);
        log.info("application [{}] build argument [{}] set by [{}] in request [{}]", applicationId, name,
                context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Removes a build argument, when it is set, and returns the application's configuration.
     *
     * @throws InvalidInputException when the name breaks its rule
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     */
    public ConfigurationView removeBuildArgument(ApplicationId applicationId, String name, RequestContext context) {
        send(new RemoveBuildArgumentCommand(applicationId, new VariableName(name)), applicationId, context);
        log.info("application [{}] build argument [{}] removed by [{}] in request [{}]", applicationId, name,
                context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Encrypts a secret with the application's data key, stores only the ciphertext, and returns the application's
     * configuration, which shows the secret's name, version and a mask.
     *
     * @throws InvalidInputException when the name breaks its rule, or the value is shorter than
     *                               {@value #MIN_SECRET_LENGTH} characters or contains NUL; the value is never echoed
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     * @throws SecretException       when the engine has no master key or the application's key was destroyed
     */
    public ConfigurationView setSecret(ApplicationId applicationId, String name, String value,
                                       RequestContext context) {
        VariableName secretName = new VariableName(name);
        VariableValues.requireValidSecret(value);
        // The lookup comes first, so that a caller of another team gets "not found" whatever the engine's setup.
        requireApplication(applicationId, context);
        if (secrets == null) {
            throw new SecretException("Unable to store secret '" + name + "': this engine runs without a master"
                    + " key. Configure slipway.secrets.master-key-file or the environment variable "
                    + MasterKey.ENVIRONMENT_VARIABLE + ", then set the secret again.");
        }
        EncryptedSecret encrypted = secrets.encrypt(applicationId, secretName.value(), value);
        send(new SetSecretCommand(applicationId, secretName, encrypted), applicationId, context);
        log.info("application [{}] secret [{}] set with key [{}] by [{}] in request [{}]", applicationId, name,
                encrypted.keyId(), context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Removes a secret, when it is set, and returns the application's configuration.
     *
     * @throws InvalidInputException when the name breaks its rule
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     */
    public ConfigurationView removeSecret(ApplicationId applicationId, String name, RequestContext context) {
        send(new RemoveSecretCommand(applicationId, new VariableName(name)), applicationId, context);
        log.info("application [{}] secret [{}] removed by [{}] in request [{}]", applicationId, name,
                context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Rotates the application's data key and re-encrypts every secret under the new key, so that the old key no
     * longer protects any stored value. Returns the application's configuration, which shows each secret's new key
     * id.
     *
     * @throws NotFoundException when the application does not exist or the caller may not see it
     * @throws SecretException   when the engine has no master key, or a stored secret cannot be decrypted
     */
    public ConfigurationView rotateSecretKey(ApplicationId applicationId, RequestContext context) {
        Optional<ApplicationConfiguration> found = queryGateway.query(
                GenericMessage.asMessage(new FindApplicationConfigurationQuery(applicationId))
                        .andMetaData(context.toMetaData()),
                ResponseTypes.optionalInstanceOf(ApplicationConfiguration.class)).join();
        ApplicationConfiguration configuration = found
                .orElseThrow(() -> new NotFoundException(APPLICATION, applicationId.toString()));
        if (secrets == null) {
            throw new SecretException("Unable to rotate the key of application '" + applicationId + "': this engine"
                    + " runs without a master key. Configure slipway.secrets.master-key-file or the environment"
                    + " variable " + MasterKey.ENVIRONMENT_VARIABLE + ".");
        }

        long keyId = secrets.rotate(applicationId);
        for (Map.Entry<String, EncryptedSecret> secret : configuration.secrets().entrySet()) {
            EncryptedSecret moved = secrets.reencrypt(applicationId, secret.getKey(), secret.getValue());
            send(new ReencryptSecretCommand(applicationId, new VariableName(secret.getKey()), secret.getValue(),
                    moved), applicationId, context);
        }
        log.info("application [{}] data key rotated to [{}] and {} secret(s) re-encrypted by [{}] in request [{}]",
                applicationId, keyId, configuration.secrets().size(), context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Deletes an application and destroys its data keyset, so that its stored secrets can no longer be decrypted.
     * Returns its last configuration, in which every secret shows as destroyed.
     *
     * @throws NotFoundException when the application does not exist, was deleted already, or the caller may not
     *                           see it
     */
    public ConfigurationView deleteApplication(ApplicationId applicationId, RequestContext context) {
        send(new DeleteApplicationCommand(applicationId), applicationId, context);
        // NOTE: The keyset is destroyed after the deletion event is stored. After a crash between the two, the keyset
        // stays in the key folder and a repeated delete fails as not found, so the file must be removed by hand.
        if (secrets != null) {
            secrets.destroy(applicationId);
        }
        log.info("application [{}] deleted and its data keyset destroyed by [{}] in request [{}]", applicationId,
                context.caller(), context.correlationId());
        return findConfiguration(applicationId, context);
    }

    /**
     * Returns the current configuration of an application.
     *
     * @throws NotFoundException when the application does not exist or the caller may not see it
     */
    public ConfigurationView findConfiguration(ApplicationId applicationId, RequestContext context) {
        Optional<ConfigurationView> found = query(new FindConfigurationQuery(applicationId), context);
        return found.orElseThrow(() -> new NotFoundException(APPLICATION, applicationId.toString()));
    }

    /**
     * Returns the configuration a deployment uses, which later changes to the application never alter.
     *
     * @throws NotFoundException when the deployment does not exist or the caller may not see it
     */
    public ConfigurationView findDeploymentConfiguration(DeploymentId deploymentId, RequestContext context) {
        Optional<ConfigurationView> found = query(new FindDeploymentConfigurationQuery(deploymentId), context);
        return found.orElseThrow(() -> new NotFoundException(DEPLOYMENT, deploymentId.toString()));
    }

    /** Checks that the application exists and was not deleted, before its key is used. */
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

    private Optional<ConfigurationView> query(Object query, RequestContext context) {
        try {
            return queryGateway.query(GenericMessage.asMessage(query).andMetaData(context.toMetaData()),
                    ResponseTypes.optionalInstanceOf(ConfigurationView.class)).join();
        } catch (RuntimeException e) {
            Throwable cause = EngineFailures.unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
