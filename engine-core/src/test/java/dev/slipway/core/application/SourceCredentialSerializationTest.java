package dev.slipway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class SourceCredentialSerializationTest {

    private final JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();

    @Test
    void credentialEventRoundTripsThroughJackson() {
        SourceCredential credential = new SourceCredential(SourceCredential.Kind.SSH_KEY, null,
                new EncryptedSecret(42, "AQIDBAUG"), "[git.example.test]:2222 ssh-ed25519 AAAA");
        GitCredentialSetEvent event = new GitCredentialSetEvent(ApplicationId.random(), credential);

        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        Object read = serializer.deserialize(stored);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void sourceRoundTripsWithAndWithoutCredential() {
        SourceSpec source = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/app.git"),
                new GitRef("main"), null, null, new SourceCredential(SourceCredential.Kind.HTTPS_TOKEN, "oauth2",
                new EncryptedSecret(7, "AQIDBAUG"), null));
        SourceSpec withoutCredential = source.withCredential(null);

        Object read = serializer.deserialize(serializer.serialize(source, byte[].class));
        Object readWithout = serializer.deserialize(serializer.serialize(withoutCredential, byte[].class));

        assertThat(read).isEqualTo(source);
        assertThat(readWithout).isEqualTo(withoutCredential);
        assertThat(((SourceSpec) readWithout).credential()).isNull();
    }

    @Test
    void tokenForSshUrlIsRejected() {
        SourceCredential token = new SourceCredential(SourceCredential.Kind.HTTPS_TOKEN, "oauth2",
                new EncryptedSecret(7, "AQIDBAUG"), null);

        assertThatThrownBy(() -> new SourceSpec(RepositoryUrl.parse("ssh://git@git.example.test/org/app.git"),
                new GitRef("main"), null, null, token))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an HTTPS token needs an https:// or http:// repository URL");
    }

    @Test
    void credentialTextShowsNoCiphertext() {
        SourceCredential credential = new SourceCredential(SourceCredential.Kind.HTTPS_TOKEN, "oauth2",
                new EncryptedSecret(7, "AQIDBAUGBwg="), null);

        assertThat(credential.toString()).doesNotContain("AQIDBAUGBwg=");
    }
}
