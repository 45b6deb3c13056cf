package dev.slipway.core.runtime;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import java.util.Map;

/** Docker labels that mark every object the engine creates, so that it can find and clean up its own objects. */
public final class EngineLabels {

    /** Prefix reserved for the engine's labels; user labels may not use it. */
    public static final String PREFIX = "dev.slipway.";
    public static final String MANAGED = PREFIX + "managed";
    public static final String APPLICATION = PREFIX + "application";
    public static final String DEPLOYMENT = PREFIX + "deployment";
    /**
     * The id of the engine, or cluster of engine nodes, that created an object. Reconciliation at start removes only
     * objects that carry its own engine id.
     */
    public static final String ENGINE = PREFIX + "engine";
    /** The engine id of an engine that sets none. */
    public static final String DEFAULT_ENGINE_ID = "default";

    private EngineLabels() {
    }

    /** Returns the labels of an object that belongs to one application as a whole, such as its network. */
    public static Map<String, String> forApplication(ApplicationId application) {
        return Map.of(MANAGED, "true", APPLICATION, application.toString());
    }

    /**
     * Returns the labels of an object that one deployment created, such as its container. The runtime labels the
     * deployment's image with {@link #MANAGED} and {@link #ENGINE} only, and names the deployment in the image's
     * {@link #imageTag}.
     */
    public static Map<String, String> forDeployment(ApplicationId application, DeploymentId deployment) {
        return Map.of(MANAGED, "true", APPLICATION, application.toString(), DEPLOYMENT, deployment.toString());
    }

    /** Returns the repository of an application's images, {@code slipway/<applicationId>}. */
    public static String imageRepository(ApplicationId application) {
        return "slipway/" + application;
    }

    /**
     * Returns the tag of a deployment's image, {@code slipway/<applicationId>:<deploymentId>}. Deployments that build
     * the same source share one image, which carries the tag of each, and the image goes when its last tag goes.
     */
    public static String imageTag(ApplicationId application, DeploymentId deployment) {
        return imageRepository(application) + ":" + deployment;
    }
}
