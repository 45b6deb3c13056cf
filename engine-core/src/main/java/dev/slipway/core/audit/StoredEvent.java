package dev.slipway.core.audit;

/**
 * One row of the event table exactly as stored, the input of the hash chain.
 *
 * @param globalIndex         the event's position in the global stream
 * @param eventIdentifier     the event's message id
 * @param aggregateIdentifier the aggregate id
 * @param sequenceNumber      the event's sequence number within its aggregate
 * @param aggregateType       the aggregate type
 * @param timestamp           the timestamp as the event store wrote it
 * @param payloadType         the payload's serialized type name
 * @param payloadRevision     the payload's revision, or null
 * @param payload             the serialized payload
 * @param metaData            the serialized metadata, or null
 */
record StoredEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                   String aggregateType, String timestamp, String payloadType, String payloadRevision, byte[] payload,
                   byte[] metaData) {
}
