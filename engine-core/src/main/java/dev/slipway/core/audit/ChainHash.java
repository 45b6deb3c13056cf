package dev.slipway.core.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computes the entries of the hash chain. An entry's hash is SHA-256 over the previous entry's hash followed by the
 * event's canonical bytes: every column of its stored row, each written as a 4-byte big-endian length (-1 for
 * null) and the bytes, with numbers as 8-byte big-endian values and text in UTF-8.
 */
final class ChainHash {

    /** The hash before the first entry: 32 zero bytes. */
    static final byte[] GENESIS = new byte[32];

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest digest;
    private final ByteBuffer numbers = ByteBuffer.allocate(Long.BYTES);

    ChainHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Returns the hash of the entry that follows {@code previous} and covers {@code event}. */
    byte[] next(byte[] previous, StoredEvent event) {
        digest.reset();
        digest.update(previous);
        number(event.globalIndex());
        text(event.eventIdentifier());
        text(event.aggregateIdentifier());
        number(event.sequenceNumber());
        text(event.aggregateType());
        text(event.timestamp());
        text(event.payloadType());
        text(event.payloadRevision());
        bytes(event.payload());
        bytes(event.metaData());
        return digest.digest();
    }

    static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    static byte[] parseHex(String hash) {
        return HEX.parseHex(hash);
    }

    private void number(long value) {
        numbers.clear();
        numbers.putLong(value);
        digest.update(numbers.array());
    }

    private void text(String value) {
        bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] value) {
        numbers.clear();
        numbers.putInt(value == null ? -1 : value.length);
        digest.update(numbers.array(), 0, Integer.BYTES);
        if (value != null) {
            digest.update(value);
        }
    }
}
