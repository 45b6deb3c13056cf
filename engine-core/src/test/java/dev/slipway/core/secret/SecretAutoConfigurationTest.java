package dev.slipway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class SecretAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecretAutoConfiguration.class));

    @TempDir
    Path keys;

    @Test
    void startWithoutMasterKeyFailsWithHowTo() {
        runner.withPropertyValues("slipway.secrets.key-directory=" + keys).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(SecretException.class);
            assertThat(root).hasMessageContaining("No master key configured, so the engine cannot start");
            assertThat(root).hasMessageContaining("slipway.secrets.master-key-file");
            assertThat(root).hasMessageContaining(MasterKey.ENVIRONMENT_VARIABLE);
            assertThat(root).hasMessageContaining("openssl rand -base64 32");
        });
        assertThat(keys.resolve("master.key")).doesNotExist();
    }

    @Test
    void masterKeyFileStartsVaultAndLogRedaction() throws Exception {
        Path keyFile = keys.resolve("configured.key");
        MasterKey.createFile(keyFile);

        runner.withPropertyValues("slipway.secrets.master-key-file=" + keyFile,
                "slipway.secrets.key-directory=" + keys).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SecretVault.class);
                    assertThat(context.getBean(LogRedaction.class).installed()).isTrue();
                });
        assertThat(keys.resolve("master.key")).doesNotExist();
    }

    @Test
    void unreadableMasterKeyFileFailsStart() throws Exception {
        Path keyFile = Files.writeString(keys.resolve("short.key"), "c2hvcnQ=");

        runner.withPropertyValues("slipway.secrets.master-key-file=" + keyFile).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).hasMessageContaining("it decodes to 5 bytes");
        });
    }

    @Test
    void demoKeyCreationSaysSoInLog(CapturedOutput output) {
        runner.withPropertyValues("slipway.secrets.create-master-key=true", "slipway.secrets.key-directory=" + keys)
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(keys.resolve("master.key")).exists();
        assertThat(output.getOut()).contains("secrets: demo mode created a new master key at [" + keys.resolve(
                "master.key") + "]");
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
