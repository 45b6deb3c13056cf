package dev.slipway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.deployment.DeploymentAdmittedEvent;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApplicationConfigurationTest {

    private static final ApplicationId APP = ApplicationId.random();
    private static final ApplicationName NAME = new ApplicationName("web");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final RuntimeSpec RUNTIME = new RuntimeSpec(8080, null, null);
    private static final ApplicationCreatedEvent CREATED =
            new ApplicationCreatedEvent(APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL);
    private static final VariableName DB_PASSWORD = new VariableName("DB_PASSWORD");
    private static final String PEM = "-----BEGIN TEST KEY-----\nQUJDRA/EFG+\n-----END TEST KEY-----\n";

    private final SecretVault vault = new SecretVault(MasterKey.generate(), new InMemoryKeysetStore());
    private AggregateTestFixture<Application> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Application.class);
        fixture.registerInjectableResource(SourcePolicy.STRICT);
        fixture.registerInjectableResource(new ApplicationNames());
        fixture.registerInjectableResource(vault);
    }

    @Test
    void setEnvironmentVariableRecordsExactValueAndVersion() {
        fixture.given(CREATED)
                .when(new SetEnvironmentVariableCommand(APP, DB_PASSWORD, "p4ss$word$$end$"))
                .expectResultMessagePayload(1L)
                .expectEvents(new EnvironmentVariableSetEvent(APP, DB_PASSWORD, "p4ss$word$$end$", 1));
    }

    @Test
    void setSameValueAgainRecordsNothing() {
        fixture.given(CREATED, new EnvironmentVariableSetEvent(APP, DB_PASSWORD, PEM, 1))
                .when(new SetEnvironmentVariableCommand(APP, DB_PASSWORD, PEM))
                .expectResultMessagePayload(1L)
                .expectNoEvents();
    }

    @Test
    void removeUnsetVariableRecordsNothing() {
        fixture.given(CREATED, new BuildArgumentSetEvent(APP, DB_PASSWORD, "x", 1))
                .when(new RemoveEnvironmentVariableCommand(APP, DB_PASSWORD))
                .expectResultMessagePayload(1L)
                .expectNoEvents();
    }

    @Test
    void removeBuildArgumentMakesNextVersion() {
        fixture.given(CREATED, new BuildArgumentSetEvent(APP, new VariableName("GREETING"), "hello big world", 1),
                        new EnvironmentVariableSetEvent(APP, DB_PASSWORD, "x", 2))
                .when(new RemoveBuildArgumentCommand(APP, new VariableName("GREETING")))
                .expectResultMessagePayload(3L)
                .expectEvents(new BuildArgumentRemovedEvent(APP, new VariableName("GREETING"), 3));
    }

    @Test
    void requestDeploymentRecordsConfigurationOfThatMoment() {
        DeploymentId deployment = DeploymentId.random();
        ApplicationConfiguration expected = new ApplicationConfiguration(3, Map.of("CFG", "{\"val\":{\"a\":1}}"),
                Map.of("GREETING", "hello big world"));

        fixture.given(CREATED, new EnvironmentVariableSetEvent(APP, DB_PASSWORD, "p4ss$word$$end$", 1),
                        new BuildArgumentSetEvent(APP, new VariableName("GREETING"), "hello big world", 2),
                        new EnvironmentVariableSetEvent(APP, new VariableName("CFG"), "{\"val\":{\"a\":1}}", 3))
                .andGiven(new EnvironmentVariableRemovedEvent(APP, DB_PASSWORD, 4))
                .when(new RequestDeploymentCommand(APP, deployment, null))
                .expectEvents(new DeploymentRequestedEvent(deployment, APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL,
                        null, new ApplicationConfiguration(4, expected.environment(), expected.buildArguments())),
                        new DeploymentAdmittedEvent(deployment, APP, null));
    }

    @Test
    void setSecretStoresCiphertextOnly() {
        EncryptedSecret encrypted = vault.encrypt(APP, "API_KEY", "p4ss$word$$end$");

        fixture.given(CREATED)
                .when(new SetSecretCommand(APP, new VariableName("API_KEY"), encrypted))
                .expectResultMessagePayload(1L)
                .expectEvents(new SecretSetEvent(APP, new VariableName("API_KEY"), encrypted, 1));
    }

    @Test
    void setSecretRejectsShortValue() {
        fixture.given(CREATED)
                .when(new SetSecretCommand(APP, DB_PASSWORD, vault.encrypt(APP, DB_PASSWORD.value(), "seven-7")))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage("Invalid value: must be at least 8 characters, so that masking it in output"
                        + " never hides ordinary words")
                .expectNoEvents();
    }

    @Test
    void setSecretRejectsNameOfVariable() {
        fixture.given(CREATED, new EnvironmentVariableSetEvent(APP, DB_PASSWORD, "x", 1))
                .when(new SetSecretCommand(APP, DB_PASSWORD, vault.encrypt(APP, DB_PASSWORD.value(),
                        "p4ss$word$$end$")))
                .expectException(InvalidInputException.class)
                .expectNoEvents();
    }

    @Test
    void setVariableRejectsNameOfSecret() {
        fixture.given(CREATED, new SecretSetEvent(APP, DB_PASSWORD, new EncryptedSecret(42, "AQAAACrAbCdEf=="), 1))
                .when(new SetEnvironmentVariableCommand(APP, DB_PASSWORD, "x"))
                .expectException(InvalidInputException.class)
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A B", "1X", "-e", "A=B", "A\nB", "", "É"})
    void variableNameRejectsShellAndOptionSyntax(String name) {
        assertThatThrownBy(() -> new VariableName(name))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Invalid name")
                .hasMessageContaining("ASCII letters, digits and '_'");
    }

    @Test
    void valueWithNulIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> new SetEnvironmentVariableCommand(APP, DB_PASSWORD, "abc\0def"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid value: must not contain the NUL character, because the Docker API and the"
                        + " process environment cannot carry it");
    }

    @Test
    void changeMakesSortedReadOnlyVersion() {
        ApplicationConfiguration first = ApplicationConfiguration.EMPTY.withEnvironmentVariable(
                new VariableName("B"), "2");
        ApplicationConfiguration third = first.withEnvironmentVariable(new VariableName("A"), "1")
                .withBuildArgument(new VariableName("G"), "x");

        assertThat(third.environment().keySet()).containsExactly("A", "B");
        assertThat(first.environment()).containsExactly(entry("B", "2"));
        assertThat(third).isEqualTo(new ApplicationConfiguration(3, Map.of("B", "2", "A", "1"), Map.of("G", "x")));
        assertThatThrownBy(() -> third.environment().put("C", "3"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> third.environment().entrySet().iterator().next().setValue("0"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> third.buildArguments().keySet().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void otherMapsAreCheckedEntryByEntry() {
        assertThatThrownBy(() -> new ApplicationConfiguration(1, Map.of("A", "1", "1X", "2"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Invalid name");
        assertThatThrownBy(() -> new ApplicationConfiguration(1, Map.of(), Map.of("G", "a\0b")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Invalid value: must not contain the NUL character");
    }

    @Test
    void storedEventsKeepValuesByteForByte() {
        JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();
        Map<String, String> environment = Map.of(
                "DB_PASSWORD", "p4ss$word$$end$",
                "CSP_MEDIA_SRC", "array:'self',blob:,https://*",
                "TEST_KEY", PEM,
                "CONNECTION", "Server=db;User Id=app;Password=123#abc;",
                "CRLF", "a\r\nb\t\"c\"\\d ünï €");
        DeploymentRequestedEvent event = new DeploymentRequestedEvent(DeploymentId.random(), APP, NAME, SOURCE,
                RUNTIME, ServerId.LOCAL, null, new ApplicationConfiguration(7, environment, Map.of("G", "a b")));

        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        DeploymentRequestedEvent read = serializer.deserialize(stored);

        assertThat(read).isEqualTo(event);
        assertThat(read.configuration().environment()).containsExactlyInAnyOrderEntriesOf(environment);
    }

    @Test
    void storedEventWithoutConfigurationReadsAsEmpty() throws Exception {
        JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();
        DeploymentRequestedEvent event = new DeploymentRequestedEvent(DeploymentId.random(), APP, NAME, SOURCE,
                RUNTIME, ServerId.LOCAL, null);
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        ObjectNode json = (ObjectNode) serializer.getObjectMapper().readTree(stored.getData());
        json.remove("configuration");

        DeploymentRequestedEvent read = serializer.deserialize(new SimpleSerializedObject<>(
                serializer.getObjectMapper().writeValueAsBytes(json), byte[].class, stored.getType()));

        assertThat(read.configuration()).isEqualTo(ApplicationConfiguration.EMPTY);
    }
}
