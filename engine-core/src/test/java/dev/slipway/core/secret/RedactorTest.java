package dev.slipway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";
    private static final String SPACED = "pa ss+wo/rd?&=€";

    @Test
    void redactMasksPlainValue() {
        Redactor redactor = new Redactor();
        redactor.register(API_KEY);

        assertThat(redactor.redact("starting with key " + API_KEY + " now"))
                .isEqualTo("starting with key ******** now");
    }

    @Test
    void redactMasksBase64Forms() {
        Redactor redactor = new Redactor();
        redactor.register(SPACED);
        byte[] bytes = SPACED.getBytes(StandardCharsets.UTF_8);

        for (String encoded : List.of(Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))) {
            assertThat(redactor.redact("token=" + encoded + ";")).as(encoded).isEqualTo("token=********;");
        }
    }

    @Test
    void redactMasksFullyPercentEncodedForms() {
        Redactor redactor = new Redactor();
        redactor.register("sk_test_PLACEHOLDER_987");

        assertThat(redactor.redact("url=sk%5Ftest%5FPLACEHOLDER%5F987")).isEqualTo("url=********");
        assertThat(redactor.redact("url=sk%5ftest%5fPLACEHOLDER%5f987")).isEqualTo("url=********");
    }

    @Test
    void redactMasksUrlEncodedForms() {
        Redactor redactor = new Redactor();
        redactor.register(SPACED);
        String formEncoded = URLEncoder.encode(SPACED, StandardCharsets.UTF_8);

        assertThat(redactor.redact("GET /?p=" + formEncoded)).isEqualTo("GET /?p=********");
        assertThat(redactor.redact("GET /?p=" + formEncoded.replace("+", "%20"))).isEqualTo("GET /?p=********");
    }

    @Test
    void redactLeavesShortValuesAndOtherTextAlone() {
        Redactor redactor = new Redactor();
        redactor.register("abc");
        redactor.register(API_KEY);

        assertThat(redactor.redact("abc def")).isEqualTo("abc def");
    }

    @Test
    void wrappedSinkMasksEveryLine() {
        Redactor redactor = new Redactor();
        redactor.register(API_KEY);
        List<String> lines = new ArrayList<>();

        redactor.wrap(lines::add).line("key: " + API_KEY);

        assertThat(lines).containsExactly("key: ********");
    }

    @Test
    void forgetStopsMaskingOwnersValues() {
        Redactor redactor = new Redactor();
        redactor.register("app/API_KEY", API_KEY);
        redactor.register("app/OTHER", "other-secret-value");

        redactor.forget(List.of("app/API_KEY"));

        assertThat(redactor.redact(API_KEY + " other-secret-value")).isEqualTo(API_KEY + " ********");
    }

    @Test
    void forgetKeepsValueThatAnotherOwnerHas() {
        Redactor redactor = new Redactor();
        redactor.register("first/API_KEY", API_KEY);
        redactor.register("second/API_KEY", API_KEY);

        redactor.forget(List.of("first/API_KEY"));

        assertThat(redactor.redact(API_KEY)).isEqualTo("********");
    }

    @Test
    void forgetNeverDropsValuesWithoutOwner() {
        Redactor redactor = new Redactor();
        redactor.register(API_KEY);

        redactor.forget(List.of(""));

        assertThat(redactor.redact(API_KEY)).isEqualTo("********");
    }
}
