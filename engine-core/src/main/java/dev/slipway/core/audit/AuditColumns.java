package dev.slipway.core.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Audit entries held as columns of primitive arrays rather than as objects. A log of millions of events then takes
 * about 94 bytes per entry (three ids, a time and eight codes), and the garbage collector has almost nothing to trace.
 * Ids in the canonical lower-case UUID form are kept as two longs, other ids as text. Values that repeat across
 * entries, such as actors, types and resource ids, are kept once and referred to by a code. Timestamps are kept to
 * the millisecond. Not thread-safe.
 */
final class AuditColumns {

    /** The code of a value that no entry contains. */
    static final int UNKNOWN = -2;
    /** The code stored for a null value. */
    static final int NULL = -1;

    static final int EVENT_TYPE = 0;
    static final int RESOURCE_TYPE = 1;
    static final int RESOURCE_ID = 2;
    static final int ACTOR = 3;
    static final int CLIENT_ADDRESS = 4;
    static final int USER_AGENT = 5;
    static final int TEAM = 6;
    static final int NODE = 7;
    private static final int TEXTS = 8;

    private static final int EVENT_ID = 0;
    private static final int CORRELATION_ID = 1;
    private static final int CAUSATION_ID = 2;
    private static final int IDS = 3;

    private static final byte ABSENT = 0;
    private static final byte UUID_FORM = 1;
    private static final byte TEXT_FORM = 2;

    private static final int BLOCK_SHIFT = 12;
    private static final int BLOCK_SIZE = 1 << BLOCK_SHIFT;
    private static final int BLOCK_MASK = BLOCK_SIZE - 1;
    private static final int FIRST_SLOTS = 1 << 10;

    private final List<Block> blocks = new ArrayList<>();
    /** The ids not in UUID form, by entry index times {@link #IDS} plus the id's column. */
    private final Map<Long, String> textIds = new HashMap<>();
    /** The entry index of each event id not in UUID form. */
    private final Map<String, Integer> textEventIds = new HashMap<>();
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    /**
     * An open-addressing table of the entry index plus one of each event id in UUID form, where 0 marks a free slot.
     */
    private int[] slots = new int[FIRST_SLOTS];
    private int size;

    int size() {
        return size;
    }

    /** Returns the index of the entry of an event, or -1 when no entry has that event id. */
    int indexOf(String eventId) {
        if (!isUuid(eventId)) {
            Integer index = textEventIds.get(eventId);
            return index == null ? -1 : index;
        }
        long upperBits = mostSignificantBits(eventId);
        long lowerBits = leastSignificantBits(eventId);
        int mask = slots.length - 1;
        for (int slot = hash(upperBits, lowerBits) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int index = slots[slot] - 1;
            if (idBits(index, EVENT_ID, 0) == upperBits && idBits(index, EVENT_ID, 1) == lowerBits) {
                return index;
            }
        }
        return -1;
    }

    /** Appends an entry. The caller makes sure that no entry has its event id yet. */
    void add(AuditEntry entry) {
        int index = size;
        if ((index & BLOCK_MASK) == 0) {
            blocks.add(new Block());
        }
        Block block = blocks.get(index >>> BLOCK_SHIFT);
        int offset = index & BLOCK_MASK;
        block.times[offset] = entry.timestamp().toEpochMilli();
        int[] texts = block.texts;
        int base = offset * TEXTS;
        texts[base + EVENT_TYPE] = code(entry.eventType());
        texts[base + RESOURCE_TYPE] = code(entry.resourceType());
        texts[base + RESOURCE_ID] = code(entry.resourceId());
        texts[base + ACTOR] = code(entry.actor());
        texts[base + CLIENT_ADDRESS] = code(entry.clientAddress());
        texts[base + USER_AGENT] = code(entry.userAgent());
        texts[base + TEAM] = code(entry.team());
        texts[base + NODE] = code(entry.node());
        putId(block, index, EVENT_ID, entry.eventId());
        putId(block, index, CORRELATION_ID, entry.correlationId());
        putId(block, index, CAUSATION_ID, entry.causationId());
        size++;
        if (block.forms[offset * IDS + EVENT_ID] == UUID_FORM) {
            if (size * 2 > slots.length) {
                growSlots();
            }
            place(index);
        } else {
            textEventIds.put(entry.eventId(), index);
        }
    }

    /** Returns the entry at an index. */
    AuditEntry get(int index) {
        Block block = blocks.get(index >>> BLOCK_SHIFT);
        int base = (index & BLOCK_MASK) * TEXTS;
        int[] texts = block.texts;
        return new AuditEntry(id(index, EVENT_ID), timestamp(index), value(texts[base + EVENT_TYPE]),
                value(texts[base + RESOURCE_TYPE]), value(texts[base + RESOURCE_ID]), value(texts[base + ACTOR]),
                value(texts[base + CLIENT_ADDRESS]), id(index, CORRELATION_ID), value(texts[base + USER_AGENT]),
                id(index, CAUSATION_ID), value(texts[base + TEAM]), value(texts[base + NODE]));
    }

    /** Returns the event id of the entry at an index. */
    String eventId(int index) {
        return id(index, EVENT_ID);
    }

    Instant timestamp(int index) {
        return Instant.ofEpochMilli(blocks.get(index >>> BLOCK_SHIFT).times[index & BLOCK_MASK]);
    }

    /** Returns the code in a text column, such as {@link #RESOURCE_ID}, at an index. */
    int text(int index, int column) {
        return blocks.get(index >>> BLOCK_SHIFT).texts[(index & BLOCK_MASK) * TEXTS + column];
    }

    /** Returns the code of a value, {@link #NULL} for null, or {@link #UNKNOWN} when no entry contains the value. */
    int codeOf(String value) {
        if (value == null) {
            return NULL;
        }
        Integer code = codes.get(value);
        return code == null ? UNKNOWN : code;
    }

    void clear() {
        blocks.clear();
        textIds.clear();
        textEventIds.clear();
        codes.clear();
        values.clear();
        slots = new int[FIRST_SLOTS];
        size = 0;
    }

    private int code(String value) {
        if (value == null) {
            return NULL;
        }
        Integer code = codes.get(value);
        if (code == null) {
            code = values.size();
            codes.put(value, code);
            values.add(value);
        }
        return code;
    }

    private String value(int code) {
        return code == NULL ? null : values.get(code);
    }

    private void putId(Block block, int index, int column, String id) {
        int form = (index & BLOCK_MASK) * IDS + column;
        if (id == null) {
            block.forms[form] = ABSENT;
        } else if (isUuid(id)) {
            block.forms[form] = UUID_FORM;
            block.ids[form * 2] = mostSignificantBits(id);
            block.ids[form * 2 + 1] = leastSignificantBits(id);
        } else {
            block.forms[form] = TEXT_FORM;
            textIds.put((long) index * IDS + column, id);
        }
    }

    private String id(int index, int column) {
        Block block = blocks.get(index >>> BLOCK_SHIFT);
        int form = (index & BLOCK_MASK) * IDS + column;
        return switch (block.forms[form]) {
            case UUID_FORM -> new UUID(block.ids[form * 2], block.ids[form * 2 + 1]).toString();
            case TEXT_FORM -> textIds.get((long) index * IDS + column);
            default -> null;
        };
    }

    private long idBits(int index, int column, int half) {
        Block block = blocks.get(index >>> BLOCK_SHIFT);
        return block.ids[((index & BLOCK_MASK) * IDS + column) * 2 + half];
    }

    private void place(int index) {
        int mask = slots.length - 1;
        int slot = hash(idBits(index, EVENT_ID, 0), idBits(index, EVENT_ID, 1)) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = index + 1;
    }

    private void growSlots() {
        int[] old = slots;
        slots = new int[old.length * 2];
        for (int entry : old) {
            if (entry != 0) {
                place(entry - 1);
            }
        }
    }

    private static int hash(long upperBits, long lowerBits) {
        long mixed = (upperBits ^ Long.rotateLeft(lowerBits, 17)) * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }

    /**
     * Returns whether a text is a UUID in the canonical lower-case form that {@link UUID#toString()} gives back, so
     * that keeping its bits loses nothing.
     */
    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static long mostSignificantBits(String uuid) {
        return (hex(uuid, 0, 8) << 32) | (hex(uuid, 9, 13) << 16) | hex(uuid, 14, 18);
    }

    private static long leastSignificantBits(String uuid) {
        return (hex(uuid, 19, 23) << 48) | hex(uuid, 24, 36);
    }

    private static long hex(String text, int from, int to) {
        long bits = 0;
        for (int i = from; i < to; i++) {
            bits = (bits << 4) | Character.digit(text.charAt(i), 16);
        }
        return bits;
    }

    /** The columns of up to {@link #BLOCK_SIZE} consecutive entries. */
    private static final class Block {

        /** Per entry, the form of its event, correlation and causation id. */
        final byte[] forms = new byte[BLOCK_SIZE * IDS];
        /** Per entry and id in UUID form, its most and its least significant bits. */
        final long[] ids = new long[BLOCK_SIZE * IDS * 2];
        /** Per entry, its timestamp in milliseconds since the epoch. */
        final long[] times = new long[BLOCK_SIZE];
        /** Per entry, the codes of its {@link #TEXTS} text columns. */
        final int[] texts = new int[BLOCK_SIZE * TEXTS];
    }
}
