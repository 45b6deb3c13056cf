package dev.slipway.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Caller text made safe for log lines: which characters are escaped, and where long text is cut. */
class PrintableTextTest {

    @Test
    void lineBreakAndEscapeAreWrittenAsCodes() {
        assertThat(PrintableText.of("main\n2026-12-06 INFO forged\u001b[31m"))
                .isEqualTo("main\\u000a2026-12-06 INFO forged\\u001b[31m");
    }

    @Test
    void formatCharactersAreWrittenAsCodes() {
        assertThat(PrintableText.of("release\u202Etxt.exe")).isEqualTo("release\\u202etxt.exe");
        assertThat(PrintableText.of("a\u200Bb")).isEqualTo("a\\u200bb");
    }

    @Test
    void longTextIsCutWithEllipsis() {
        String cut = PrintableText.of("x".repeat(5000));

        assertThat(cut).hasSize(PrintableText.MAX_LENGTH + 1);
        assertThat(cut).endsWith("…");
    }

    @Test
    void plainTextStaysAsItIs() {
        assertThat(PrintableText.of("feature/Überblick-1")).isEqualTo("feature/Überblick-1");
        assertThat(PrintableText.of(null)).isNull();
    }
}
