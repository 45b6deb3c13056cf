package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.spec.InvalidInputException;
import org.junit.jupiter.api.Test;

class ApplicationInputTest {

    private static final ApplicationInput VALID = new ApplicationInput("shop", "https://git.example.test/org/shop.git",
            "main", null, null, 8080, null);

    @Test
    void toCommandAppliesDefaults() {
        CreateApplicationCommand command = VALID.toCommand(ApplicationId.random());

        assertThat(command.name().value()).isEqualTo("shop");
        assertThat(command.source().buildContext().value()).isEqualTo(".");
        assertThat(command.source().dockerfile().value()).isEqualTo("Dockerfile");
        assertThat(command.runtime().healthCheck().path()).isEqualTo("/");
        assertThat(command.serverId()).isNull();
    }

    @Test
    void toCommandNamesMissingField() {
        assertRejected(new ApplicationInput(null, "https://git.example.test/o/r.git", "main", null, null, 80, null),
                "name");
        assertRejected(new ApplicationInput("shop", null, "main", null, null, 80, null), "repositoryUrl");
        assertRejected(new ApplicationInput("shop", "https://git.example.test/o/r.git", null, null, null, 80, null),
                "ref");
        assertRejected(new ApplicationInput("shop", "https://git.example.test/o/r.git", "main", null, null, null,
                null), "containerPort");
    }

    @Test
    void toCommandNamesInvalidField() {
        assertRejected(new ApplicationInput("My_App", "https://git.example.test/o/r.git", "main", null, null, 80,
                null), "name");
        assertRejected(new ApplicationInput("shop", "ext::sh -c true", "main", null, null, 80, null),
                "repositoryUrl");
        assertRejected(new ApplicationInput("shop", "https://git.example.test/o/r.git", "-upload-pack=touch_x", null,
                null, 80, null), "ref");
        assertRejected(new ApplicationInput("shop", "https://git.example.test/o/r.git", "main", "../up", null, 80,
                null), "buildContext");
        assertRejected(new ApplicationInput("shop", "https://git.example.test/o/r.git", "main", null,
                "../../../etc/passwd", 80, null), "dockerfile");
        assertRejected(new ApplicationInput("shop", "https://git.example.test/o/r.git", "main", null, null, 70000,
                null), "containerPort");
        assertRejected(new ApplicationInput("shop", "https://git.example.test/o/r.git", "main", null, null, 80,
                "health"), "healthCheckPath");
    }

    @Test
    void secretFilesInEtcRejected() {
        ApplicationInput input = new ApplicationInput("shop", "https://git.example.test/o/r.git", "main", null, null,
                80, null, null, null, null, null, null, null, null, null, null, true, "/etc");

        assertRejected(input, "secretFilesDirectory");
    }

    @Test
    void secretFilesBelowEtcAccepted() {
        ApplicationInput input = new ApplicationInput("shop", "https://git.example.test/o/r.git", "main", null, null,
                80, null, null, null, null, null, null, null, null, null, null, true, "/etc/shop");

        assertThat(input.toCommand(ApplicationId.random()).runtime().secretFilesDirectory().value())
                .isEqualTo("/etc/shop");
    }

    private static void assertRejected(ApplicationInput input, String field) {
        assertThatThrownBy(() -> input.toCommand(ApplicationId.random()))
                .as("rejection of %s", input)
                .isInstanceOfSatisfying(InvalidInputException.class,
                        rejection -> assertThat(rejection.field()).isEqualTo(field));
    }
}
