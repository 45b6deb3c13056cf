package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.AdmitNextDeploymentCommand;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.nio.file.Path;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Log output of commands that reach an application after it was deleted. */
class DeletedApplicationLogTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");

    @TempDir
    Path workDirectory;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private DeploymentEngine engine;

    @BeforeEach
    void startEngine() {
        SourceRepository unused = new SourceRepository() {
            @Override
            public CommitSha resolve(RepositoryUrl url, GitRef ref) {
                throw new AssertionError("no deployment runs in this test");
            }

            @Override
            public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
                throw new AssertionError("no deployment runs in this test");
            }
        };
        engine = DeploymentEngine.builder()
                .sourceRepository(unused)
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .build()
                .start();
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void closeEngine() {
        rootLogger().detachAppender(logs);
        engine.close();
    }

    @Test
    void repeatedDeleteLogsNoStackTrace() {
        ApplicationId app = createApplication();
        engine.deleteApplication(ALICE, app);
        logs.list.clear();

        assertThatThrownBy(() -> engine.deleteApplication(ALICE, app)).isInstanceOf(NotFoundException.class);

        assertThat(stackTraces()).isEmpty();
    }

    @Test
    void engineCommandAfterDeleteLogsNoStackTrace() {
        ApplicationId app = createApplication();
        engine.deleteApplication(ALICE, app);
        logs.list.clear();

        // A deployment that ends after the deletion sends this command, as the step runner does.
        assertThatThrownBy(() -> engine.commandGateway().sendAndWait(asCommandMessage(
                new AdmitNextDeploymentCommand(app, DeploymentId.random()))
                .andMetaData(RequestContext.engine().toMetaData())))
                .isInstanceOf(AggregateNotFoundException.class);

        assertThat(stackTraces()).isEmpty();
    }

    @Test
    void duplicateNameLogsNoStackTrace() {
        createApplication();
        logs.list.clear();

        assertThatThrownBy(this::createApplication).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("name");

        assertThat(stackTraces()).isEmpty();
    }

    private ApplicationId createApplication() {
        return engine.createApplication(ALICE, new ApplicationName("web"),
                new SourceSpec(RepositoryUrl.parse("file:///nowhere/repo"), new GitRef("main"), null, null),
                new RuntimeSpec(8080, null, null));
    }

    /** Returns the log events at WARN or above that carry an exception. */
    private List<ILoggingEvent> stackTraces() {
        return logs.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(event -> event.getThrowableProxy() != null)
                .toList();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
