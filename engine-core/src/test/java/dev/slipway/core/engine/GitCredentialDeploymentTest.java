package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.Redactor;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

/**
 * A stored Git credential reaches the source repository port decrypted, while events hold only its ciphertext and a
 * failure that quotes it stores a mask.
 */
class GitCredentialDeploymentTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");
    private static final String TOKEN = "TEST_TOKEN_123_in_store";

    @TempDir
    Path workDirectory;

    private final List<GitCredential> received = new CopyOnWriteArrayList<>();
    private DeploymentEngine engine;

    @BeforeEach
    void startEngine() {
        SourceRepository echoing = new SourceRepository() {
            @Override
            public CommitSha resolve(RepositoryUrl url, GitRef ref) {
                throw new AssertionError("the credential form must be called");
            }

            @Override
            public CommitSha resolve(RepositoryUrl url, GitRef ref, GitCredential credential) {
                received.add(credential);
                String token = credential instanceof GitCredential.HttpsToken https ? https.token() : "none";
                String encoded = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
                throw new StepFailedException("Unable to reach repository '" + url + "': server rejected token "
                        + token + " (" + encoded + ")");
            }

            @Override
            public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
                throw new AssertionError("checkOut must not run after a failed resolve");
            }
        };
        engine = DeploymentEngine.builder()
                .sourceRepository(echoing)
                .containerRuntime(Mockito.mock(ContainerRuntime.class))
                .settings(EngineSettings.defaults(workDirectory))
                .masterKey(MasterKey.generate())
                .build()
                .start();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void storedTokenReachesPortDecrypted() {
        ApplicationId app = createApplication("https://git.example.test/org/app.git");
        engine.setGitCredential(ALICE, app, new GitCredential.HttpsToken("oauth2", TOKEN));

        awaitFinal(engine.requestDeployment(ALICE, app, null));

        assertThat(received).containsExactly(new GitCredential.HttpsToken("oauth2", TOKEN));
    }

    @Test
    void failureQuotingTokenStoresMask() {
        ApplicationId app = createApplication("https://git.example.test/org/app.git");
        engine.setGitCredential(ALICE, app, new GitCredential.HttpsToken("oauth2", TOKEN));

        DeploymentView view = awaitFinal(engine.requestDeployment(ALICE, app, null));

        assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(view.reason()).doesNotContain(TOKEN);
        assertThat(view.reason()).contains("server rejected token " + Redactor.MASK + " (" + Redactor.MASK + ")");
    }

    @Test
    void eventsHoldNoPlaintextOfCredential() throws Exception {
        ApplicationId app = createApplication("https://git.example.test/org/app.git");
        engine.setGitCredential(ALICE, app, new GitCredential.HttpsToken("oauth2", TOKEN));
        DeploymentId deployment = engine.requestDeployment(ALICE, app, null);
        awaitFinal(deployment);

        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        StringBuilder stored = new StringBuilder();
        for (String aggregate : List.of(app.toString(), deployment.toString())) {
            engine.axonConfiguration().eventStore().readEvents(aggregate).asStream()
                    .map(DomainEventMessage::getPayload)
                    .forEach(payload -> stored.append(writeJson(mapper, payload)));
        }

        assertThat(stored.toString()).contains("HTTPS_TOKEN");
        assertThat(stored.toString()).doesNotContain(TOKEN);
        assertThat(stored.toString()).doesNotContain(
                Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void removedCredentialIsNotSent() {
        ApplicationId app = createApplication("https://git.example.test/org/app.git");
        engine.setGitCredential(ALICE, app, new GitCredential.HttpsToken("oauth2", TOKEN));
        engine.removeGitCredential(ALICE, app);

        awaitFinal(engine.requestDeployment(ALICE, app, null));

        assertThat(received).containsExactly((GitCredential) null);
    }

    @Test
    void sshKeyForHttpsRepositoryIsRejected() {
        ApplicationId app = createApplication("https://git.example.test/org/app.git");
        GitCredential key = new GitCredential.SshKey("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n",
                "git.example.test ssh-ed25519 AAAA");

        assertThatThrownBy(() -> engine.setGitCredential(ALICE, app, key))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an SSH key needs an ssh:// or user@host:path repository URL");
    }

    private ApplicationId createApplication(String url) {
        return engine.createApplication(ALICE, new ApplicationName("app-" + System.nanoTime()),
                new SourceSpec(RepositoryUrl.parse(url), new GitRef("main"), null, null),
                new RuntimeSpec(8080, null, null));
    }

    private static String writeJson(ObjectMapper mapper, Object payload) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private DeploymentView awaitFinal(DeploymentId deployment) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> engine.findDeployment(deployment).orElse(null),
                        view -> view != null && view.status().isFinal());
    }
}
