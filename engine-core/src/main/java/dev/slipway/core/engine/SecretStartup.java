package dev.slipway.core.engine;

import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationCreatedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationConfigurationQuery;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.application.GitCredentialRemovedEvent;
import dev.slipway.core.application.GitCredentialSetEvent;
import dev.slipway.core.application.SourceCredential;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.secret.ContainerEnvironment;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.secret.SecretFiles;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.spec.InvalidInputException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the secrets' state at engine start. Every live secret is decrypted once, so the redaction layer masks it
 * before any deployment uses it. The secret files of each current release are written again, because a host
 * reboot empties the tmpfs that contains them.
 */
final class SecretStartup {

    private static final Logger log = LoggerFactory.getLogger(SecretStartup.class);

    private SecretStartup() {
    }

    /**
     * Registers the value of every secret, and the token or key of every Git credential, of every application that
     * was not deleted with the vault's redactor. A value that cannot be decrypted is logged and skipped, so one
     * broken keyset cannot stop the engine.
     */
    static void maskStoredSecrets(Configuration config, EngineComponents components) {
        SecretVault vault = components.stepRunner().secretVault();
        if (vault == null) {
            return;
        }
        ApplicationProjection applications = components.applications();
        int masked = 0;
        for (ApplicationView application : applications.handle(new FindApplicationsQuery())) {
            ApplicationId applicationId = ApplicationId.of(application.id());
            ApplicationConfiguration configuration = applications
                    .handle(new FindApplicationConfigurationQuery(applicationId))
                    .orElse(ApplicationConfiguration.EMPTY);
            for (var secret : configuration.secrets().entrySet()) {
                try {
                    vault.decrypt(applicationId, secret.getKey(), secret.getValue());
                    masked++;
                } catch (SecretException e) {
                    log.warn("engine start: application [{}] secret [{}] cannot be masked: {}", applicationId,
                            secret.getKey(), e.getMessage());
                }
            }
            if (maskGitCredential(config, vault, applicationId)) {
                masked++;
            }
        }
        log.info("engine start: {} stored secret(s) and Git credential(s) masked in logs and responses", masked);
    }

    /**
     * Decrypts the application's current Git credential, which the read models do not keep, as the application's
     * events last set it. Returns whether there was one to mask.
     */
    private static boolean maskGitCredential(Configuration config, SecretVault vault, ApplicationId applicationId) {
        SourceCredential credential = null;
        DomainEventStream events = config.eventStore().readEvents(applicationId.toString(), 0);
        while (events.hasNext()) {
            Object event = events.next().getPayload();
            if (event instanceof ApplicationCreatedEvent created) {
                credential = created.source().credential();
            } else if (event instanceof GitCredentialSetEvent set) {
                credential = set.credential();
            } else if (event instanceof GitCredentialRemovedEvent) {
                credential = null;
            }
        }
        if (credential == null) {
            return false;
        }
        try {
            vault.decrypt(applicationId, SourceCredential.SECRET_NAME, credential.secret());
            return true;
        } catch (SecretException e) {
            log.warn("engine start: application [{}] Git credential cannot be masked: {}", applicationId,
                    e.getMessage());
            return false;
        }
    }

    /**
     * Writes the secret files of each application's current release again and deletes the secret files of every
     * other deployment of the applications in this engine's event store, deleted ones included. Directories of other
     * applications are left alone, because another engine may own them. Runs after
     * interrupted deployments were ended.
     */
    static void restoreSecretFiles(Configuration config, EngineComponents components) {
        DeploymentStepRunner runner = components.stepRunner();
        SecretFiles files = runner.secretFiles();
        ApplicationProjection applications = components.applications();
        Set<ApplicationId> live = new HashSet<>();
        for (ApplicationView application : applications.handle(new FindApplicationsQuery())) {
            ApplicationId applicationId = ApplicationId.of(application.id());
            live.add(applicationId);
            String current = application.currentDeploymentId();
            if (current != null && restore(config, runner, applicationId, current)) {
                files.retainOnly(applicationId, Set.of(current));
            } else {
                files.retainOnly(applicationId, Set.of());
            }
        }
        for (ApplicationId applicationId : directoriesUnder(files.root())) {
            if (!live.contains(applicationId) && applications.teamOf(applicationId).isPresent()) {
                files.removeApplication(applicationId);
            }
        }
    }

    /** Writes the secret files of a current release again; returns whether the release has secret files. */
    private static boolean restore(Configuration config, DeploymentStepRunner runner, ApplicationId applicationId,
                                   String deploymentId) {
        DeploymentRequestedEvent requested = requestOf(config, deploymentId);
        if (requested == null || requested.runtime().secretFilesDirectory() == null) {
            return false;
        }
        try {
            runner.secretFiles().write(applicationId, deploymentId,
                    ContainerEnvironment.secrets(runner.secretVault(), applicationId, requested.configuration()));
            log.info("engine start: application [{}] deployment [{}] secret files written again", applicationId,
                    deploymentId);
        } catch (StepFailedException e) {
            log.warn("engine start: application [{}] deployment [{}] unable to write its secret files again: {}",
                    applicationId, deploymentId, e.getMessage());
        }
        return true;
    }

    private static DeploymentRequestedEvent requestOf(Configuration config, String deploymentId) {
        DomainEventStream events = config.eventStore().readEvents(deploymentId, 0);
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof DeploymentRequestedEvent requested) {
                return requested;
            }
        }
        return null;
    }

    private static List<ApplicationId> directoriesUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ApplicationId> found = new ArrayList<>();
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(root)) {
            for (Path directory : directories) {
                try {
                    found.add(ApplicationId.of(directory.getFileName().toString()));
                } catch (InvalidInputException e) {
                    log.debug("engine start: [{}] under the secret files root is not an application's", directory);
                }
            }
        } catch (IOException e) {
            log.warn("engine start: unable to list the secret files root [{}]: {}", root, e.toString());
        }
        return found;
    }
}
