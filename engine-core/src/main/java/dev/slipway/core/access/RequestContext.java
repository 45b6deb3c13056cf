package dev.slipway.core.access;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.MetaData;

/**
 * Who made a request, from where, and the id that ties together every message it causes. Travels as message
 * metadata on every command, and from there onto every event.
 *
 * @param caller        who made the request
 * @param clientAddress the address it came from, or null for the engine's own work
 * @param correlationId the id of the request
 * @param userAgent     the client's user agent, cut to {@value #MAX_USER_AGENT} characters, or null
 * @param causationId   the id of the message or request that caused this one, or null
 * @param scope         the scope of the API token that made the request, or null for users and the engine
 */
public record RequestContext(Caller caller, String clientAddress, String correlationId, String userAgent,
        String causationId, TokenScope scope) {

    /** Maximum length of a stored user agent; longer ones are truncated. */
    public static final int MAX_USER_AGENT = 256;

    /** Metadata key of the caller's text form. */
    public static final String ACTOR = "slipway.actor";
    /** Metadata key of the client address. */
    public static final String CLIENT_ADDRESS = "slipway.clientAddress";
    /** Metadata key of the request's correlation id. */
    public static final String CORRELATION_ID = "slipway.correlationId";
    /** Metadata key set to {@code true} on messages the engine sends while doing work a caller requested. */
    public static final String ENGINE_ORIGIN = "slipway.engineOrigin";
    /** Metadata key of the client's user agent. */
    public static final String USER_AGENT = "slipway.userAgent";
    /** Metadata key of the id of the message or request that caused this message. */
    public static final String CAUSATION_ID = "slipway.causationId";
    /** Metadata key of the scope of the API token that made the request. */
    public static final String SCOPE = "slipway.scope";
    /** Metadata key of the team that owns the resource an event concerns. */
    public static final String TEAM = "slipway.team";

    public RequestContext {
        if (caller == null) {
            throw new IllegalArgumentException("caller must not be null");
        }
        correlationId = correlationId == null ? UUID.randomUUID().toString() : correlationId;
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }

    /** Returns a context without user agent, causation id or token scope. */
    public RequestContext(Caller caller, String clientAddress, String correlationId) {
        this(caller, clientAddress, correlationId, null, null, null);
    }

    /** Returns a context for a request of {@code caller} with a new correlation id. */
    public static RequestContext of(Caller caller, String clientAddress) {
        return new RequestContext(caller, clientAddress, null);
    }

    /** Returns a context for the engine's own work, with a new correlation id. */
    public static RequestContext engine() {
        return new RequestContext(Caller.ENGINE, null, null);
    }

    /** Returns a copy of this context whose causation id is {@code messageId}. */
    public RequestContext withCausationId(String messageId) {
        return new RequestContext(caller, clientAddress, correlationId, userAgent, messageId, scope);
    }

    /** Returns this context as message metadata. */
    public MetaData toMetaData() {
        Map<String, String> values = new HashMap<>();
        values.put(ACTOR, caller.toString());
        values.put(CORRELATION_ID, correlationId);
        if (clientAddress != null) {
            values.put(CLIENT_ADDRESS, clientAddress);
        }
        if (userAgent != null) {
            values.put(USER_AGENT, userAgent);
        }
        if (causationId != null) {
            values.put(CAUSATION_ID, causationId);
        }
        if (scope != null) {
            values.put(SCOPE, scope.name());
        }
        return MetaData.from(values);
    }

    /** Reads a context from message metadata; returns null when the metadata names no caller. */
    public static RequestContext fromMetaData(MetaData metaData) {
        Object actor = metaData.get(ACTOR);
        if (actor == null) {
            return null;
        }
        Object scope = metaData.get(SCOPE);
        return new RequestContext(Caller.parse(actor.toString()), text(metaData, CLIENT_ADDRESS),
                text(metaData, CORRELATION_ID), text(metaData, USER_AGENT), text(metaData, CAUSATION_ID),
                scope == null ? null : TokenScope.valueOf(scope.toString()));
    }

    private static String text(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
