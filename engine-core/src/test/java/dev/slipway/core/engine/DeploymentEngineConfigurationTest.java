package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ConfigurationView;
import dev.slipway.core.application.FindApplicationConfigurationQuery;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SecretView;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;
import java.util.Optional;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment variables, build arguments and secrets set through the plain-Java engine's own methods. */
class DeploymentEngineConfigurationTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");
    private static final RequestContext BOB = new RequestContext(Caller.user("bob"), "192.0.2.11", "request-2");
    private static final VariableName DB_PASSWORD = new VariableName("DB_PASSWORD");

    @TempDir
    Path workDirectory;

    private DeploymentEngine engine;
    private ApplicationId app;

    @BeforeEach
    void startEngine() {
        engine = DeploymentEngine.builder()
                .sourceRepository(new UnusedSources())
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory))
                .masterKey(MasterKey.generate())
                .build()
                .start();
        app = engine.createApplication(ALICE, new ApplicationName("web"),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/web.git"), new GitRef("main"), null,
                        null),
                new RuntimeSpec(8080, null, null));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void variablesAndSecretAreStored() {
        long first = engine.setEnvironmentVariable(ALICE, app, new VariableName("PRICE_LINE"), "costs $5 #2");
        long second = engine.setBuildArgument(ALICE, app, new VariableName("GREETING"), "hello big world");
        long third = engine.setSecret(ALICE, app, DB_PASSWORD, "p4ss$word$$end$");

        ConfigurationView view = engine.findConfiguration(ALICE, app).orElseThrow();
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(third).isEqualTo(3);
        assertThat(view.version()).isEqualTo(3);
        assertThat(view.environment()).containsEntry("PRICE_LINE", "costs $5 #2");
        assertThat(view.buildArguments()).containsEntry("GREETING", "hello big world");
        assertThat(view.secrets()).extracting(SecretView::name).containsExactly("DB_PASSWORD");
        assertThat(view.toString()).doesNotContain("p4ss");
        assertThat(engine.secretVault().decrypt(app, "DB_PASSWORD", storedSecret())).isEqualTo("p4ss$word$$end$");
    }

    @Test
    void removalsStoreNewVersions() {
        engine.setEnvironmentVariable(ALICE, app, new VariableName("MODE"), "blue");
        engine.setBuildArgument(ALICE, app, new VariableName("GREETING"), "hello");
        engine.setSecret(ALICE, app, DB_PASSWORD, "p4ss$word$$end$");

        engine.removeEnvironmentVariable(ALICE, app, new VariableName("MODE"));
        engine.removeBuildArgument(ALICE, app, new VariableName("GREETING"));
        long version = engine.removeSecret(ALICE, app, DB_PASSWORD);

        ConfigurationView view = engine.findConfiguration(ALICE, app).orElseThrow();
        assertThat(version).isEqualTo(6);
        assertThat(view.environment()).isEmpty();
        assertThat(view.buildArguments()).isEmpty();
        assertThat(view.secrets()).isEmpty();
    }

    @Test
    void shortSecretRejectedWithoutValue() {
        assertThatThrownBy(() -> engine.setSecret(ALICE, app, DB_PASSWORD, "sh0rt"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 8 characters")
                .hasMessageNotContaining("sh0rt");
        assertThat(engine.findConfiguration(ALICE, app).orElseThrow().version()).isZero();
    }

    @Test
    void secretWithNulRejected() {
        assertThatThrownBy(() -> engine.setSecret(ALICE, app, DB_PASSWORD, "nul\0secret"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NUL")
                .hasMessageNotContaining("secret\0");
        assertThat(engine.findConfiguration(ALICE, app).orElseThrow().version()).isZero();
    }

    @Test
    void secretOfUnknownApplicationNotFound() {
        ApplicationId unknown = ApplicationId.random();

        assertThatThrownBy(() -> engine.setSecret(ALICE, unknown, DB_PASSWORD, "p4ss$word$$end$"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown.toString());
    }

    @Test
    void secretOfOtherTeamNotFound() {
        assertThatThrownBy(() -> engine.setSecret(BOB, app, DB_PASSWORD, "p4ss$word$$end$"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(app.toString());
        assertThat(engine.findConfiguration(ALICE, app).orElseThrow().version()).isZero();
        assertThat(engine.findConfiguration(BOB, app)).isEmpty();
    }

    private dev.slipway.core.secret.EncryptedSecret storedSecret() {
        Optional<ApplicationConfiguration> configuration = engine.queryGateway().query(
                GenericMessage.asMessage(new FindApplicationConfigurationQuery(app)).andMetaData(ALICE.toMetaData()),
                ResponseTypes.optionalInstanceOf(ApplicationConfiguration.class)).join();
        return configuration.orElseThrow().secrets().get("DB_PASSWORD");
    }
}
