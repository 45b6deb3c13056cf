package dev.slipway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules that keep the engine free of shells and keep each library behind its own adapter. */
class ArchitectureRulesTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.slipway");
    }

    @Test
    void importSeesEveryModule() {
        assertThat(main.contain("dev.slipway.core.engine.DeploymentEngine")).isTrue();
        assertThat(main.contain("dev.slipway.docker.DockerContainerRuntime")).isTrue();
        assertThat(main.contain("dev.slipway.git.JGitSourceRepository")).isTrue();
        assertThat(main.contain("dev.slipway.web.EngineGateway")).isTrue();
        assertThat(main.contain("dev.slipway.rest.ApplicationController")).isTrue();
        assertThat(main.contain("dev.slipway.graphql.SlipwayGraphQlController")).isTrue();
    }

    @Test
    void mainCodeNeverStartsProcesses() {
        ArchRule rule = noClasses().should().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
                .orShould().callMethod(Runtime.class, "exec", String.class)
                .orShould().callMethod(Runtime.class, "exec", String[].class)
                .orShould().callMethod(Runtime.class, "exec", String.class, String[].class)
                .orShould().callMethod(Runtime.class, "exec", String[].class, String[].class)
                .orShould().callMethod(Runtime.class, "exec", String.class, String[].class, File.class)
                .orShould().callMethod(Runtime.class, "exec", String[].class, String[].class, File.class)
                .because("user values must never reach a shell or a command line; Git and Docker are driven"
                        + " through JGit and the Docker Engine API");

        rule.check(main);
    }

    @Test
    void dockerJavaOnlyInDockerAdapter() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.slipway.docker..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .because("docker-java is wrapped at one boundary, the engine-docker module");

        rule.check(main);
    }

    @Test
    void jgitOnlyInGitAdapter() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.slipway.git..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..")
                .because("JGit is wrapped at one boundary, the engine-git module");

        rule.check(main);
    }

    @Test
    void frontendsNeverReachAdapters() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.slipway.web..", "dev.slipway.rest..",
                        "dev.slipway.graphql..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slipway.docker..", "dev.slipway.git..")
                .because("frontends send commands and queries to the engine and never call an adapter");

        rule.check(main);
    }

    @Test
    void coreDependsOnNoAdapterOrFrontend() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.slipway.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slipway.docker..", "dev.slipway.git..",
                        "dev.slipway.web..", "dev.slipway.rest..", "dev.slipway.graphql..")
                .because("dependencies point toward engine-core only");

        rule.check(main);
    }
}
