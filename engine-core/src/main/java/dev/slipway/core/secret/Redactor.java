package dev.slipway.core.secret;

import dev.slipway.core.runtime.LogSink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Masks known secret values in text before it is logged, stored or sent: each value as it is, its base64 forms
 * (standard and URL-safe, with and without padding) and its URL-encoded forms. Longer forms are replaced first, so
 * a value that contains another secret is masked whole.
 *
 * <p>NOTE: A secret's base64 form is found only where the encoding starts with the secret, as when a program
 * prints {@code base64(secret)}. Inside a longer encoded string, such as {@code base64("user:" + secret)}, the
 * secret's bytes are encoded at another alignment and stay unmasked.
 */
public final class Redactor {

    /** The text that replaces a secret value. */
    public static final String MASK = "********";
    /** Values shorter than this are not masked, because masking them would garble ordinary text. */
    public static final int MIN_MASKED_LENGTH = 4;

    private volatile List<String> forms = List.of();

    /** Adds a secret value whose every form is masked from now on; values shorter than 4 characters are ignored. */
    public synchronized void register(String secret) {
        if (secret == null || secret.length() < MIN_MASKED_LENGTH) {
            return;
        }
        Set<String> added = new LinkedHashSet<>(forms);
        added.addAll(formsOf(secret));
        forms = added.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Returns {@code text} with every registered form of every secret replaced by {@link #MASK}. */
    public String redact(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String form : forms) {
            redacted = redacted.replace(form, MASK);
        }
        return redacted;
    }

    /** Returns a sink that passes each line to {@code target} with secrets masked. */
    public LogSink wrap(LogSink target) {
        return line -> target.line(redact(line));
    }

    private static Set<String> formsOf(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        String formEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(formEncoded);
        forms.add(formEncoded.replace("+", "%20"));
        forms.removeIf(form -> form.length() < MIN_MASKED_LENGTH);
        return forms;
    }
}
