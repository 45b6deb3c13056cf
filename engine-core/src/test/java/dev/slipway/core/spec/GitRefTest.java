package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitRefTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "#SIG-38-compose", "release/v2026.410.0", "refs/heads/master", "refs/tags/v1.0",
            "feature/x@y", "0123456789abcdef0123456789abcdef01234567"})
    void acceptsValidRefNames(String value) {
        assertThat(new GitRef(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-upload-pack=touch_x", "feature/a b", "a..b", "a@{1}", "x.lock", ".hidden", "a/.b",
            "/main", "main/", "main.", "a//b", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "@", "tab\tname",
            "new\nline", ""})
    void rejectsInvalidRefNames(String value) {
        assertThatThrownBy(() -> new GitRef(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ref"));
    }

    @Test
    void fullShaIsCommit() {
        assertThat(new GitRef("0123456789abcdef0123456789abcdef01234567").isCommit()).isTrue();
        assertThat(new GitRef("main").isCommit()).isFalse();
    }

    @Test
    void controlCharactersAreEscapedInMessages() {
        assertThatThrownBy(() -> new GitRef("a\nforged log line"))
                .hasMessageContaining("\\u000a")
                .hasMessageNotContaining("\n");
    }
}
