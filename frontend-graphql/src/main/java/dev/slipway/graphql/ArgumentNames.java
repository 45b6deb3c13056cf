package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.spec.InvalidInputException;
import java.util.function.Supplier;

/**
 * Reads arguments whose schema name differs from the field name that the engine puts in its input errors, such as
 * {@code deployment(id:)}, where the engine rejects a {@code deploymentId}. The errors then name the argument as the
 * schema spells it, so that a client can map an error to its input.
 */
final class ArgumentNames {

    private ArgumentNames() {
    }

    /** Parses the application id in the argument {@code argument}. */
    static ApplicationId applicationId(String argument, String text) {
        return renamingField("applicationId", argument, () -> ApplicationId.of(text));
    }

    /** Parses the deployment id in the argument {@code argument}. */
    static DeploymentId deploymentId(String argument, String text) {
        return renamingField("deploymentId", argument, () -> DeploymentId.of(text));
    }

    /**
     * Runs {@code action}, and rethrows an {@link InvalidInputException} of the field {@code engineField} that it
     * throws as one of the field {@code argument}, with the same rule and value. Other exceptions pass unchanged.
     */
    static <T> T renamingField(String engineField, String argument, Supplier<T> action) {
        try {
            return action.get();
        } catch (InvalidInputException e) {
            if (!engineField.equals(e.field())) {
                throw e;
            }
            InvalidInputException renamed = new InvalidInputException(argument, e.rule(), e.rejectedValue());
            renamed.initCause(e);
            throw renamed;
        }
    }
}
