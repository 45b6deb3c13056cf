package dev.slipway.git.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.git.JGitSourceRepository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class GitSourceAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GitSourceAutoConfiguration.class));

    @Test
    void autoConfigurationIsListedForSpringBoot() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(GitSourceAutoConfiguration.class.getName());
    }

    @Test
    void defaultsRegisterJGitWithSixtySeconds() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(SourceRepository.class);
            assertThat(context.getBean(SourceRepository.class)).isInstanceOf(JGitSourceRepository.class);
            assertThat(context.getBean(JGitSourceRepository.class).settings().networkTimeoutSeconds()).isEqualTo(60);
        });
    }

    @Test
    void networkTimeoutWithoutUnitIsReadAsSeconds() {
        runner.withPropertyValues("slipway.git.network-timeout=15").run(context -> {
            assertThat(context.getBean(JGitSourceRepository.class).settings().networkTimeoutSeconds()).isEqualTo(15);
        });
    }

    @Test
    void networkTimeoutWithUnitIsConvertedToSeconds() {
        runner.withPropertyValues("slipway.git.network-timeout=2m").run(context -> {
            assertThat(context.getBean(JGitSourceRepository.class).settings().networkTimeoutSeconds()).isEqualTo(120);
        });
    }

    @Test
    void networkTimeoutBelowOneSecondFailsStartup() {
        for (String timeout : new String[] {"0", "500ms", "-5s"}) {
            runner.withPropertyValues("slipway.git.network-timeout=" + timeout).run(context -> {
                assertThat(context).as("timeout %s", timeout).hasFailed();
                assertThat(context.getStartupFailure()).as("timeout %s", timeout)
                        .rootCause()
                        .hasMessageContaining("Invalid slipway.git.network-timeout")
                        .hasMessageContaining("must be a whole number of seconds, at least 1");
            });
        }
    }

    @Test
    void applicationSourceRepositoryReplacesJGit() {
        runner.withUserConfiguration(OwnSourceRepository.class).run(context -> {
            assertThat(context).hasSingleBean(SourceRepository.class);
            assertThat(context).doesNotHaveBean(JGitSourceRepository.class);
            assertThat(context.getBean(SourceRepository.class)).isSameAs(OwnSourceRepository.INSTANCE);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSourceRepository {

        static final SourceRepository INSTANCE = new SourceRepository() {
            @Override
            public CommitSha resolve(RepositoryUrl url, GitRef ref) {
                throw new UnsupportedOperationException("not called in this test");
            }

            @Override
            public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
                throw new UnsupportedOperationException("not called in this test");
            }
        };

        @Bean
        SourceRepository ownSourceRepository() {
            return INSTANCE;
        }
    }
}
