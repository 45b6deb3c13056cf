package dev.slipway.web.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes time-based one-time passwords as RFC 6238 defines them: HOTP (RFC 4226) over the number of 30-second
 * steps since the Unix epoch, truncated to a number of decimal digits.
 *
 * @param algorithm the HMAC algorithm, such as {@code HmacSHA1} (what authenticator apps use), {@code HmacSHA256}
 *                  or {@code HmacSHA512}
 * @param digits    the number of digits of a code, 6 to 8
 * @param stepSeconds the length of a time step in seconds
 */
public record Totp(String algorithm, int digits, long stepSeconds) {

    /** The parameters authenticator apps assume: HMAC-SHA1, 6 digits, 30-second steps. */
    public static final Totp DEFAULT = new Totp("HmacSHA1", 6, 30);

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public Totp {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("TOTP digits must be 6 to 8, not " + digits);
        }
        if (stepSeconds < 1) {
            throw new IllegalArgumentException("TOTP step must be at least one second, not " + stepSeconds);
        }
    }

    /** Returns the time step that contains {@code epochSecond}. */
    public long step(long epochSecond) {
        return Math.floorDiv(epochSecond, stepSeconds);
    }

    /** Returns the code of a time step, left-padded with zeros to {@link #digits()} digits. */
    public String code(byte[] secret, long step) {
        byte[] hash = hmac(secret, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * Returns the step whose code equals {@code code} among the step of {@code epochSecond} and the one before and
     * after it (to allow for clock drift), or -1 when none matches. Codes are compared in constant time.
     */
    public long matchingStep(byte[] secret, String code, long epochSecond) {
        if (code == null || code.length() != digits) {
            return -1;
        }
        long current = step(epochSecond);
        long match = -1;
        for (long candidate = current - 1; candidate <= current + 1; candidate++) {
            byte[] expected = code(secret, candidate).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, code.getBytes(StandardCharsets.US_ASCII))) {
                match = candidate;
            }
        }
        return match;
    }

    /** Encodes a secret in unpadded RFC 4648 base32, the form authenticator apps read. */
    public static String base32(byte[] secret) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte value : secret) {
            buffer = (buffer << 8) | (value & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt((buffer >> (bits - 5)) & 0x1f));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt((buffer << (5 - bits)) & 0x1f));
        }
        return text.toString();
    }

    /** Decodes unpadded RFC 4648 base32, ignoring case. */
    public static byte[] fromBase32(String text) {
        ByteBuffer bytes = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int value = BASE32.indexOf(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
            if (value < 0) {
                throw new IllegalArgumentException("Invalid base32 character at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bytes.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return bytes.array();
    }

    private byte[] hmac(byte[] secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC algorithm " + algorithm + " is not available", e);
        }
    }
}
