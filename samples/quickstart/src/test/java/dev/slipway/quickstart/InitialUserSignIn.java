package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.web.security.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The initial user that the quickstart prints at its first start, and its sign-in. */
final class InitialUserSignIn {

    private static final Pattern PASSWORD = Pattern.compile("^  password: +(\\S+)$", Pattern.MULTILINE);
    private static final Pattern SECRET = Pattern.compile("^  TOTP secret: +([A-Z2-7]+) ", Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private InitialUserSignIn() {
    }

    /** Signs in as {@code admin} with the password and TOTP secret in {@code printed}, and returns the response. */
    static HttpResponse<String> signIn(HttpClient http, int port, String printed) throws Exception {
        byte[] secret = Totp.fromBase32(group(SECRET, printed));
        String code = Totp.DEFAULT.code(secret, Totp.DEFAULT.step(Instant.now().getEpochSecond()));
        String body = JSON.writeValueAsString(Map.of("userName", "admin", "password", group(PASSWORD, printed),
                "totpCode", code));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("output contains %s", pattern).isTrue();
        return matcher.group(1);
    }
}
