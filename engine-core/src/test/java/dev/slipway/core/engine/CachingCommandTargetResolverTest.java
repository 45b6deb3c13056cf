package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.SetEnvironmentVariableCommand;
import dev.slipway.core.application.VariableName;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

/** The caching resolver against Axon's annotation resolver, on the same commands. */
class CachingCommandTargetResolverTest {

    private final CachingCommandTargetResolver resolver = new CachingCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void resolvesAsAxonDoes() {
        List<Object> commands = List.of(
                new SetEnvironmentVariableCommand(ApplicationId.random(), new VariableName("PORT"), "8080"),
                new FieldTarget("field-1", 3),
                new FieldTarget("field-2", null),
                new MethodTarget("method-1", "7"),
                new InheritedTarget("inherited-1"));

        for (Object command : commands) {
            CommandMessage<?> message = asCommandMessage(command);
            VersionedAggregateIdentifier expected = axon.resolveTarget(message);

            VersionedAggregateIdentifier first = resolver.resolveTarget(message);
            VersionedAggregateIdentifier second = resolver.resolveTarget(message);

            assertThat(first).as("first resolution of %s", command).isEqualTo(expected);
            assertThat(second).as("cached resolution of %s", command).isEqualTo(expected);
        }
    }

    @Test
    void nullIdentifierIsRejected() {
        CommandMessage<?> message = asCommandMessage(new FieldTarget(null, 1));

        assertThatThrownBy(() -> resolver.resolveTarget(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[FieldTarget]")
                .hasMessageContaining("@TargetAggregateIdentifier");
    }

    @Test
    void commandWithoutTargetIsRejected() {
        CommandMessage<?> message = asCommandMessage(new NoTarget("x"));

        assertThatThrownBy(() -> resolver.resolveTarget(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[NoTarget]");
    }

    @Test
    void invalidVersionIsRejected() {
        CommandMessage<?> message = asCommandMessage(new MethodTarget("method-2", "seven"));

        assertThatThrownBy(() -> resolver.resolveTarget(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The value provided for the version is not a number.")
                .hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void failingAccessorIsReported() {
        CommandMessage<?> message = asCommandMessage(new FailingTarget());

        assertThatThrownBy(() -> resolver.resolveTarget(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extracting aggregate information")
                .hasRootCauseMessage("no identifier");
    }

    static final class FieldTarget {
        @TargetAggregateIdentifier
        private final String id;
        @TargetAggregateVersion
        private final Integer version;

        FieldTarget(String id, Integer version) {
            this.id = id;
            this.version = version;
        }
    }

    static final class MethodTarget {
        private final String id;
        private final String version;

        MethodTarget(String id, String version) {
            this.id = id;
            this.version = version;
        }

        @TargetAggregateIdentifier
        String target() {
            return id;
        }

        @TargetAggregateVersion
        String expectedVersion() {
            return version;
        }
    }

    static class BaseTarget {
        @TargetAggregateIdentifier
        private final String id;

        BaseTarget(String id) {
            this.id = id;
        }
    }

    static final class InheritedTarget extends BaseTarget {
        InheritedTarget(String id) {
            super(id);
        }
    }

    record NoTarget(String id) {
    }

    static final class FailingTarget {
        @TargetAggregateIdentifier
        String target() {
            throw new IllegalStateException("no identifier");
        }
    }
}
