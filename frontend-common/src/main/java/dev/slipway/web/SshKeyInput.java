package dev.slipway.web;

import dev.slipway.core.spec.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Checks the form of an SSH deploy key and its known hosts when they are set, so that a key that Git steps could
 * never use is rejected with the field's name instead of failing the next deployment. The key's contents are not
 * parsed as a key pair: the Git adapter does that when it connects.
 */
final class SshKeyInput {

    private static final String KEY_RULE = "must be a private key in OpenSSH or PEM format, from its '-----BEGIN ..."
            + " PRIVATE KEY-----' line to its '-----END ... PRIVATE KEY-----' line";
    private static final String PASSPHRASE_RULE = "must not be protected by a passphrase, because Git steps cannot"
            + " enter one. Export the key without a passphrase";
    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

    private SshKeyInput() {
    }

    /**
     * Checks that {@code privateKey} is one framed private key whose body is base64 and, in the OpenSSH format, not
     * encrypted.
     *
     * @throws InvalidInputException naming {@code privateKey}, without its value
     */
    static void requirePrivateKey(String privateKey) {
        List<String> lines = privateKey.strip().lines().map(String::strip).toList();
        String first = lines.get(0);
        String last = lines.get(lines.size() - 1);
        if (lines.size() < 3 || !first.startsWith("-----BEGIN ") || !first.endsWith("PRIVATE KEY-----")
                || !last.startsWith("-----END ") || !last.endsWith("PRIVATE KEY-----")) {
            throw InvalidInputException.withoutValue("privateKey", KEY_RULE);
        }
        if (first.contains("ENCRYPTED") || lines.stream().anyMatch(line -> line.startsWith("Proc-Type:")
                && line.contains("ENCRYPTED"))) {
            throw InvalidInputException.withoutValue("privateKey", PASSPHRASE_RULE);
        }
        String body = String.join("", lines.subList(1, lines.size() - 1).stream()
                .filter(line -> !line.contains(":") && !line.isEmpty()).toList());
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.withoutValue("privateKey", KEY_RULE + ", with base64 between them");
        }
        if (decoded.length == 0) {
            throw InvalidInputException.withoutValue("privateKey", KEY_RULE + ", with base64 between them");
        }
        if (first.contains("OPENSSH")) {
            String cipher = openSshCipher(decoded);
            if (cipher == null) {
                throw InvalidInputException.withoutValue("privateKey", KEY_RULE + ", whose body is an OpenSSH key");
            }
            if (!"none".equals(cipher)) {
                throw InvalidInputException.withoutValue("privateKey", PASSPHRASE_RULE);
            }
        }
    }

    /**
     * Checks that every line of {@code knownHosts} that is neither blank nor a comment reads
     * {@code [marker] hosts key-type base64-key}, as in a {@code known_hosts} file.
     *
     * @throws InvalidInputException naming {@code knownHosts} and the line's number
     */
    static void requireKnownHosts(String knownHosts) {
        List<String> lines = knownHosts.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = Arrays.asList(line.split("\\s+"));
            if (fields.get(0).startsWith("@")) {
                fields = fields.subList(1, fields.size());
            }
            if (fields.size() < 3 || !isBase64(fields.get(2))) {
                throw new InvalidInputException("knownHosts", "line " + (i + 1) + " must read 'host key-type"
                        + " base64-key', as in a known_hosts file, such as 'git.example.test ssh-ed25519 AAAA...'",
                        line);
            }
        }
    }

    /** Returns the cipher name of an OpenSSH private key, or null when the bytes are no such key. */
    private static String openSshCipher(byte[] key) {
        if (key.length < OPENSSH_MAGIC.length + 4
                || !Arrays.equals(Arrays.copyOf(key, OPENSSH_MAGIC.length), OPENSSH_MAGIC)) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(key, OPENSSH_MAGIC.length, key.length - OPENSSH_MAGIC.length);
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            return null;
        }
        byte[] cipher = new byte[length];
        buffer.get(cipher);
        return new String(cipher, StandardCharsets.US_ASCII);
    }

    private static boolean isBase64(String text) {
        try {
            return Base64.getDecoder().decode(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
