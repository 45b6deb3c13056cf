package dev.slipway.core.secret;

import dev.slipway.core.runtime.LogSink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Masks known secret values in text before it is logged, stored or sent: each value as it is, its base64 forms
 * (standard and URL-safe, with and without padding) and its URL-encoded forms: as a form encoder writes them, with
 * every character but letters and digits percent-encoded, and each with upper- or lower-case hex digits. Longer
 * forms are replaced first, so a value that contains another secret is masked whole.
 *
 * <p>NOTE: A secret's base64 form is found only where the encoding starts with the secret, as when a program
 * prints {@code base64(secret)}. Inside a longer encoded string, such as {@code base64("user:" + secret)}, the
 * secret's bytes are encoded at another alignment and stay unmasked.
 *
 * <p>Each value is registered under an owner, such as the application and name of a secret. {@link #forget}
 * drops the values of an owner, and a value stays masked while any other owner still has it. Values registered
 * without an owner stay masked until the process ends.
 */
public final class Redactor {

    /** The text that replaces a secret value. */
    public static final String MASK = "********";
    /** Values shorter than this are not masked, because masking them would garble ordinary text. */
    public static final int MIN_MASKED_LENGTH = 4;

    private static final String NO_OWNER = "";
    private static final String HEX_DIGITS = "0123456789ABCDEF";

    private final Map<String, Set<String>> valuesByOwner = new HashMap<>();
    private volatile List<Form> forms = List.of();

    /** Adds a secret value whose every form is masked from now on; values shorter than 4 characters are ignored. */
    public void register(String secret) {
        register(NO_OWNER, secret);
    }

    /**
     * Adds a secret value of {@code owner}, whose every form is masked until {@link #forget} drops the owner's
     * values; values shorter than 4 characters are ignored.
     */
    public synchronized void register(String owner, String secret) {
        if (secret == null || secret.length() < MIN_MASKED_LENGTH) {
            return;
        }
        if (valuesByOwner.computeIfAbsent(owner, key -> new HashSet<>()).add(secret)) {
            rebuild();
        }
    }

    /**
     * Drops the values of every owner that {@code owners} contains, so that they are no longer masked unless another
     * owner has the same value.
     */
    public synchronized void forget(Collection<String> owners) {
        boolean changed = false;
        for (String owner : owners) {
            changed |= !NO_OWNER.equals(owner) && valuesByOwner.remove(owner) != null;
        }
        if (changed) {
            rebuild();
        }
    }

    /** Returns the owners that have at least one registered value. */
    public synchronized Set<String> owners() {
        return Set.copyOf(valuesByOwner.keySet());
    }

    private void rebuild() {
        Map<String, Set<String>> ownersByForm = new HashMap<>();
        valuesByOwner.forEach((owner, values) -> values.forEach(value -> formsOf(value).forEach(form ->
                ownersByForm.computeIfAbsent(form, key -> new HashSet<>()).add(owner))));
        forms = ownersByForm.entrySet().stream()
                .map(entry -> new Form(entry.getKey(), Set.copyOf(entry.getValue())))
                .sorted(Comparator.comparingInt((Form form) -> form.text().length()).reversed())
                .toList();
    }

    /** Returns {@code text} with every registered form of every secret replaced by {@link #MASK}. */
    public String redact(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (Form form : forms) {
            redacted = redacted.replace(form.text(), MASK);
        }
        return redacted;
    }

    /**
     * Returns {@code text} with the forms of the secrets of the owners that {@code owners} accepts replaced by
     * {@link #MASK}, and those of values registered without an owner.
     */
    public String redact(String text, Predicate<String> owners) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (Form form : forms) {
            if (redacted.contains(form.text()) && form.ownedByAny(owners)) {
                redacted = redacted.replace(form.text(), MASK);
            }
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
        for (String encoded : List.of(formEncoded, formEncoded.replace("+", "%20"), percentEncoded(bytes))) {
            forms.add(encoded);
            forms.add(lowerCaseHex(encoded));
        }
        forms.removeIf(form -> form.length() < MIN_MASKED_LENGTH);
        return forms;
    }

    /** A form of one or more secret values, with the owners that registered them. */
    private record Form(String text, Set<String> owners) {

        boolean ownedByAny(Predicate<String> accepted) {
            return owners.contains(NO_OWNER) || owners.stream().anyMatch(accepted);
        }
    }

    /** Returns the bytes with every byte but ASCII letters and digits written as {@code %XX}. */
    private static String percentEncoded(byte[] bytes) {
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte value : bytes) {
            int unsigned = value & 0xff;
            if (unsigned < 0x80 && Character.isLetterOrDigit(unsigned)) {
                encoded.append((char) unsigned);
            } else {
                encoded.append('%').append(HEX_DIGITS.charAt(unsigned >> 4)).append(HEX_DIGITS.charAt(unsigned & 0xf));
            }
        }
        return encoded.toString();
    }

    /** Returns {@code encoded} with the hex digits of its {@code %XX} escapes in lower case. */
    private static String lowerCaseHex(String encoded) {
        StringBuilder lower = new StringBuilder(encoded);
        for (int i = lower.indexOf("%"); i >= 0 && i + 2 < lower.length(); i = lower.indexOf("%", i + 1)) {
            lower.setCharAt(i + 1, Character.toLowerCase(lower.charAt(i + 1)));
            lower.setCharAt(i + 2, Character.toLowerCase(lower.charAt(i + 2)));
        }
        return lower.toString();
    }
}
