package dev.slipway.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.slipway.core.access.AccessRules;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.secret.SecretVault;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Masks known secret values in every JSON response of the web frontends: REST bodies, problem details, GraphQL
 * results and audit exports. It gives each Jackson HTTP message converter its own copy of the object mapper whose
 * string serializer passes every string through the vault's {@link dev.slipway.core.secret.Redactor}. The shared
 * object mapper, which Axon may use to store events, stays unchanged.
 *
 * <p>In a response to a signed-in caller, the mask covers the secrets of the applications of the teams that the
 * caller may see. A secret of another team is left as it is. So a caller cannot confirm a guessed secret value of
 * another team by sending it and seeing it masked, and another team's secret cannot blank out the caller's text. An
 * anonymous caller is no member of any team, so a response to it masks only the secrets of a default team that
 * gives every caller a role, and a response to a caller that cannot be resolved masks none. Nor does a response
 * written outside the request's thread, such as a server-sent event of a log stream, whose caller is unknown there.
 * Deployment logs and failure reasons are masked with their application's secrets when the engine stores them.
 *
 * <p>NOTE: Responses written without a Jackson converter, such as plain text, and JSON object keys are not masked.
 */
final class JsonRedaction implements BeanPostProcessor {

    private static final String VISIBLE_SECRETS = JsonRedaction.class.getName() + ".visibleSecrets";
    private static final Predicate<String> NO_SECRETS = owner -> false;

    private final ObjectProvider<SecretVault> vault;
    private final ObjectProvider<EngineComponents> engine;
    private final ObjectProvider<RequestContextResolver> resolver;

    JsonRedaction(ObjectProvider<SecretVault> vault, ObjectProvider<EngineComponents> engine,
                  ObjectProvider<RequestContextResolver> resolver) {
        this.vault = vault;
        this.engine = engine;
        this.resolver = resolver;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof MappingJackson2HttpMessageConverter converter) {
            SimpleModule module = new SimpleModule("slipway-secret-redaction");
            module.addSerializer(String.class, new RedactingStringSerializer(this));
            converter.setObjectMapper(converter.getObjectMapper().copy().registerModule(module));
        }
        return bean;
    }

    /**
     * Returns the filter of the secrets that the current request's caller may see, or one that accepts none outside a
     * request or when the caller cannot be resolved.
     */
    @SuppressWarnings("unchecked")
    private Predicate<String> visibleSecrets() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return NO_SECRETS;
        }
        HttpServletRequest request = attributes.getRequest();
        Object stored = request.getAttribute(VISIBLE_SECRETS);
        if (stored instanceof Predicate<?> filter) {
            return (Predicate<String>) filter;
        }
        EngineComponents components = engine.getIfAvailable();
        RequestContextResolver requests = resolver.getIfAvailable();
        if (components == null || requests == null) {
            return NO_SECRETS;
        }
        RequestContext context;
        try {
            context = requests.resolve(request);
        } catch (RuntimeException e) {
            return NO_SECRETS;
        }
        AccessRules rules = components.accessRules();
        Map<ApplicationId, Boolean> visible = new ConcurrentHashMap<>();
        Predicate<String> filter = SecretVault.secretsOf(application -> visible.computeIfAbsent(application,
                id -> rules.ownerOf(id).map(team -> rules.canSee(context, team)).orElse(false)));
        request.setAttribute(VISIBLE_SECRETS, filter);
        return filter;
    }

    /** Writes each string with the secret values that the caller may see replaced by a mask. */
    private static final class RedactingStringSerializer extends StdSerializer<String> {

        private static final long serialVersionUID = 1L;

        private final transient JsonRedaction redaction;

        RedactingStringSerializer(JsonRedaction redaction) {
            super(String.class);
            this.redaction = redaction;
        }

        @Override
        public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            SecretVault secrets = redaction.vault.getIfAvailable();
            if (secrets == null) {
                generator.writeString(value);
                return;
            }
            generator.writeString(secrets.redactor().redact(value, redaction.visibleSecrets()));
        }
    }
}
