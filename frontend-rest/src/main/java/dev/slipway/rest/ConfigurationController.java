package dev.slipway.rest;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ConfigurationView;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.web.ConfigurationGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sets, removes and reads environment variables, secrets and build arguments under
 * {@code /api/applications/{applicationId}/environment}, {@code .../secrets} and {@code .../build-arguments}. Each
 * change returns the application's configuration, in which a secret shows only its name, version and a mask. The
 * configuration a deployment used stays readable under {@code /api/deployments/{deploymentId}/configuration}.
 * Deleting an application under {@code /api/applications/{applicationId}} destroys its data key, and returns its
 * last configuration with every secret shown as destroyed.
 */
@RestController
class ConfigurationController {

    /**
     * Body that sets a variable.
     *
     * @param value the value, kept byte for byte; an empty string is a value, a missing one is rejected
     */
    record VariableValue(String value) {
    }

    private final ConfigurationGateway configurations;
    private final RequestContextResolver contexts;

    ConfigurationController(ConfigurationGateway configurations, RequestContextResolver contexts) {
        this.configurations = configurations;
        this.contexts = contexts;
    }

    @GetMapping("/api/applications/{applicationId}/configuration")
    ConfigurationView get(@PathVariable String applicationId, HttpServletRequest request) {
        return configurations.findConfiguration(ApplicationId.of(applicationId), contexts.resolve(request));
    }

    @PutMapping("/api/applications/{applicationId}/environment/{name}")
    ConfigurationView setEnvironmentVariable(@PathVariable String applicationId, @PathVariable String name,
                                             @RequestBody VariableValue body, HttpServletRequest request) {
        return configurations.setEnvironmentVariable(ApplicationId.of(applicationId), name, body.value(),
                contexts.resolve(request));
    }

    @DeleteMapping("/api/applications/{applicationId}/environment/{name}")
    ConfigurationView removeEnvironmentVariable(@PathVariable String applicationId, @PathVariable String name,
                                                HttpServletRequest request) {
        return configurations.removeEnvironmentVariable(ApplicationId.of(applicationId), name,
                contexts.resolve(request));
    }

    @PutMapping("/api/applications/{applicationId}/build-arguments/{name}")
    ConfigurationView setBuildArgument(@PathVariable String applicationId, @PathVariable String name,
                                       @RequestBody VariableValue body, HttpServletRequest request) {
        return configurations.setBuildArgument(ApplicationId.of(applicationId), name, body.value(),
                contexts.resolve(request));
    }

    @DeleteMapping("/api/applications/{applicationId}/build-arguments/{name}")
    ConfigurationView removeBuildArgument(@PathVariable String applicationId, @PathVariable String name,
                                          HttpServletRequest request) {
        return configurations.removeBuildArgument(ApplicationId.of(applicationId), name, contexts.resolve(request));
    }

    @PutMapping("/api/applications/{applicationId}/secrets/{name}")
    ConfigurationView setSecret(@PathVariable String applicationId, @PathVariable String name,
                                @RequestBody VariableValue body, HttpServletRequest request) {
        return configurations.setSecret(ApplicationId.of(applicationId), name, body.value(), contexts.resolve(request));
    }

    @DeleteMapping("/api/applications/{applicationId}/secrets/{name}")
    ConfigurationView removeSecret(@PathVariable String applicationId, @PathVariable String name,
                                   HttpServletRequest request) {
        return configurations.removeSecret(ApplicationId.of(applicationId), name, contexts.resolve(request));
    }

    @PostMapping("/api/applications/{applicationId}/secret-key/rotation")
    ConfigurationView rotateSecretKey(@PathVariable String applicationId, HttpServletRequest request) {
        return configurations.rotateSecretKey(ApplicationId.of(applicationId), contexts.resolve(request));
    }

    @DeleteMapping("/api/applications/{applicationId}")
    ConfigurationView deleteApplication(@PathVariable String applicationId, HttpServletRequest request) {
        return configurations.deleteApplication(ApplicationId.of(applicationId), contexts.resolve(request));
    }

    @GetMapping("/api/deployments/{deploymentId}/configuration")
    ConfigurationView deploymentConfiguration(@PathVariable String deploymentId, HttpServletRequest request) {
        return configurations.findDeploymentConfiguration(DeploymentId.of(deploymentId), contexts.resolve(request));
    }
}
