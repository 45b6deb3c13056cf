package dev.slipway.core.storage;

import java.util.List;
import java.util.SortedSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

/**
 * Axon's JPA event storage engine with a lower bound in the query that reads events for tracking processors. When a
 * processor's token has gaps, which concurrent commits leave, Axon reads the rows "after the token or in its gaps".
 * H2 then walks the primary key from the store's first event on every read. With a few hundred thousand events, such
 * a read took hundreds of milliseconds and held the audit chain's follower back. Every row of that result lies at or
 * after the lowest gap, so the added bound changes no result, and it lets the database start at the lowest gap.
 */
public final class GapBoundedJpaEventStorageEngine extends JpaEventStorageEngine {

    /** Axon's query for a token with gaps, in its column order, with the lower bound added. */
    private static final String EVENTS_AFTER_TOKEN_OR_IN_GAPS = "SELECT e.globalIndex, e.type, e.aggregateIdentifier,"
            + " e.sequenceNumber, e.eventIdentifier, e.timeStamp, e.payloadType, e.payloadRevision, e.payload,"
            + " e.metaData FROM %s e WHERE e.globalIndex >= :lowestGap"
            + " AND (e.globalIndex > :token OR e.globalIndex IN :gaps) ORDER BY e.globalIndex ASC";

    /** Creates the engine from Axon's builder, which it validates as Axon's own engine does. */
    public GapBoundedJpaEventStorageEngine(JpaEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected List<Object[]> fetchEvents(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().isEmpty()) {
            return super.fetchEvents(token);
        }
        SortedSet<Long> gaps = token.getGaps();
        return entityManager()
                .createQuery(String.format(EVENTS_AFTER_TOKEN_OR_IN_GAPS, domainEventEntryEntityName()),
                        Object[].class)
                .setParameter("lowestGap", gaps.first())
                .setParameter("token", token.getIndex())
                .setParameter("gaps", gaps)
                .setMaxResults(batchSize())
                .getResultList();
    }
}
