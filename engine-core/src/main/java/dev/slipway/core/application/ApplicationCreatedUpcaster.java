package dev.slipway.core.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.team.TeamId;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Upcasts {@link ApplicationCreatedEvent} from its first shape, stored without a revision before applications had
 * teams, to revision {@value #REVISION}. Such an application belongs to {@link TeamId#UNASSIGNED}, which the read
 * models already assumed for a missing team.
 */
public final class ApplicationCreatedUpcaster extends SingleEventUpcaster {

    /** The revision of the event's current shape, which {@link ApplicationCreatedEvent} declares. */
    public static final String REVISION = "1";

    private static final String TYPE = ApplicationCreatedEvent.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPE.equals(representation.getType().getName()) && representation.getType().getRevision() == null;
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(TYPE, REVISION), JsonNode.class, payload -> {
            if (payload instanceof ObjectNode event && !event.hasNonNull("teamId")) {
                event.put("teamId", TeamId.UNASSIGNED.toString());
            }
            return payload;
        });
    }
}
