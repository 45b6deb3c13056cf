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
 */
public record RequestContext(Caller caller, String clientAddress, String correlationId) {

    /** Metadata key of the caller's text form. */
    public static final String ACTOR = "slipway.actor";
    /** Metadata key of the client address. */
    public static final String CLIENT_ADDRESS = "slipway.clientAddress";
    /** Metadata key of the request's correlation id. */
    public static final String CORRELATION_ID = "slipway.correlationId";
    /** Metadata key set to {@code true} on messages the engine sends while doing work a caller requested. */
    public static final String ENGINE_ORIGIN = "slipway.engineOrigin";

    public RequestContext {
        if (caller == null) {
            throw new IllegalArgumentException("caller must not be null");
        }
        correlationId = correlationId == null ? UUID.randomUUID().toString() : correlationId;
    }

    /** Returns a context for a request of {@code caller} with a new correlation id. */
    public static RequestContext of(Caller caller, String clientAddress) {
        return new RequestContext(caller, clientAddress, null);
    }

    /** Returns a context for the engine's own work, with a new correlation id. */
    public static RequestContext engine() {
        return new RequestContext(Caller.ENGINE, null, null);
    }

    /** Returns this context as message metadata. */
    public MetaData toMetaData() {
        Map<String, String> values = new HashMap<>();
        values.put(ACTOR, caller.toString());
        values.put(CORRELATION_ID, correlationId);
        if (clientAddress != null) {
            values.put(CLIENT_ADDRESS, clientAddress);
        }
        return MetaData.from(values);
    }

    /** Reads a context from message metadata; returns null when the metadata names no caller. */
    public static RequestContext fromMetaData(MetaData metaData) {
        Object actor = metaData.get(ACTOR);
        if (actor == null) {
            return null;
        }
        Object address = metaData.get(CLIENT_ADDRESS);
        Object correlation = metaData.get(CORRELATION_ID);
        return new RequestContext(Caller.parse(actor.toString()), address == null ? null : address.toString(),
                correlation == null ? null : correlation.toString());
    }
}
