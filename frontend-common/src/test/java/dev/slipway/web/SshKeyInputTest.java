package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.spec.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SshKeyInputTest {

    private static final String KNOWN_HOSTS = "git.example.test ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA";

    @Test
    void unencryptedKeysAccepted() throws IOException {
        assertThatCode(() -> SshKeyInput.requirePrivateKey(openSshKey("none"))).doesNotThrowAnyException();
        assertThatCode(() -> SshKeyInput.requirePrivateKey("-----BEGIN RSA PRIVATE KEY-----\r\nQUJDREVGR0g=\r\n"
                + "-----END RSA PRIVATE KEY-----\r\n")).doesNotThrowAnyException();
    }

    @Test
    void malformedKeysRejected() {
        for (String key : new String[] {"not-a-key at all", "-----BEGIN KEY-----\nQUJD\n-----END KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nnot base64 !\n-----END OPENSSH PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nQUJDREVGR0g=\n-----END OPENSSH PRIVATE KEY-----"}) {
            assertThatThrownBy(() -> SshKeyInput.requirePrivateKey(key)).as(key)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("privateKey")
                    .hasMessageContaining("OpenSSH or PEM format")
                    .hasMessageNotContaining("base64 !");
        }
    }

    @Test
    void encryptedKeysRejected() throws IOException {
        for (String key : new String[] {openSshKey("aes256-ctr"),
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nQUJDREVGR0g=\n-----END ENCRYPTED PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nQUJDREVGR0g=\n"
                    + "-----END RSA PRIVATE KEY-----"}) {
            assertThatThrownBy(() -> SshKeyInput.requirePrivateKey(key)).as(key)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("privateKey")
                    .hasMessageContaining("passphrase");
        }
    }

    @Test
    void knownHostsFormChecked() {
        assertThatCode(() -> SshKeyInput.requireKnownHosts("# deploy host\n\n" + KNOWN_HOSTS + "\n"
                + "@cert-authority *.example.test ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA\n"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> SshKeyInput.requireKnownHosts(KNOWN_HOSTS + "\ngit.example.test ssh-ed25519"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("knownHosts")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> SshKeyInput.requireKnownHosts("git.example.test ssh-ed25519 not*base64"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 1");
    }

    /** Returns an OpenSSH private key frame whose header names {@code cipher}, with the rest of the key left out. */
    private static String openSshKey(String cipher) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(cipher.length());
        out.write(cipher.getBytes(StandardCharsets.US_ASCII));
        out.writeInt(4);
        out.write("none".getBytes(StandardCharsets.US_ASCII));
        String body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(bytes.toByteArray());
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }
}
