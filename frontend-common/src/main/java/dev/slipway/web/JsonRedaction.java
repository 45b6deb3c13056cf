package dev.slipway.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.slipway.core.secret.SecretVault;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Masks known secret values in every JSON response of the web frontends: REST bodies, problem details, GraphQL
 * results and audit exports. It gives each Jackson HTTP message converter its own copy of the object mapper whose
 * string serializer passes every string through the vault's {@link dev.slipway.core.secret.Redactor}. The shared
 * object mapper, which Axon may use to store events, stays unchanged.
 *
 * <p>NOTE: Responses written without a Jackson converter, such as plain text, and JSON object keys are not masked.
 * <p>NOTE: The mask covers the secrets of every application, also in text that the caller sent, such as a rejected
 * value that an error message quotes. A caller can therefore confirm a guessed secret value of any application by
 * sending it and seeing it masked.
 */
final class JsonRedaction implements BeanPostProcessor {

    private final ObjectProvider<SecretVault> vault;

    JsonRedaction(ObjectProvider<SecretVault> vault) {
        this.vault = vault;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof MappingJackson2HttpMessageConverter converter) {
            SimpleModule module = new SimpleModule("slipway-secret-redaction");
            module.addSerializer(String.class, new RedactingStringSerializer(vault));
            converter.setObjectMapper(converter.getObjectMapper().copy().registerModule(module));
        }
        return bean;
    }

    /** Writes each string with every secret value registered with the vault replaced by a mask. */
    private static final class RedactingStringSerializer extends StdSerializer<String> {

        private static final long serialVersionUID = 1L;

        private final transient ObjectProvider<SecretVault> vault;

        RedactingStringSerializer(ObjectProvider<SecretVault> vault) {
            super(String.class);
            this.vault = vault;
        }

        @Override
        public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            SecretVault secrets = vault.getIfAvailable();
            generator.writeString(secrets == null ? value : secrets.redactor().redact(value));
        }
    }
}
