package dev.slipway.core.readmodel;

import dev.slipway.core.spec.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An index of read-model entries, newest first, that pages by keyset. Each entry has a sort key of its time and its
 * id, and a cursor names the sort key of the last entry of a page. The next page starts right after that key,
 * whether or not its entry still exists, so entries added or removed between pages neither repeat nor shift the
 * later entries.
 *
 * @param <K> the id type of the entries, such as {@code DeploymentId}
 */
public final class NewestFirstIndex<K> {

    /** The largest page size that a paged query accepts. */
    public static final int MAX_PAGE_SIZE = 1000;
    /** The page size that the frontends use when a request names none. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** The rule of a page size, as rejections state it. */
    public static final String PAGE_SIZE_RULE = "must be from 1 to " + MAX_PAGE_SIZE;
    /** The rule of a cursor, as rejections state it. */
    public static final String CURSOR_RULE = "must be a cursor returned by an earlier page";

    /** The newest-first order, which puts the later time first and the greater id first among equal times. */
    private static final Comparator<SortKey> NEWEST_FIRST = Comparator.comparing(SortKey::time)
            .thenComparing(SortKey::id)
            .reversed();
    private static final char SEPARATOR = '|';

    private final String kind;
    private final ConcurrentSkipListMap<SortKey, K> entries = new ConcurrentSkipListMap<>(NEWEST_FIRST);

    /**
     * Creates an empty index whose cursors carry {@code kind}, such as {@code deployment}, so that a cursor of another
     * index's page is rejected.
     */
    public NewestFirstIndex(String kind) {
        if (kind.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("Invalid index kind '" + kind + "': must not contain '|'");
        }
        this.kind = kind;
    }

    /** Adds an entry, or replaces the one with the same time and id. */
    public void add(Instant time, String id, K entry) {
        entries.put(new SortKey(time, id), entry);
    }

    /** Removes the entry with this time and id, when there is one. */
    public void remove(Instant time, String id) {
        entries.remove(new SortKey(time, id));
    }

    /** Removes every entry. */
    public void clear() {
        entries.clear();
    }

    /**
     * Builds one page of up to {@code first} views after the cursor {@code after}, or from the newest entry when
     * {@code after} is null. Entries whose view is null, such as one removed while the page is read, and views that
     * {@code visible} rejects are skipped before they count towards the page, so hidden entries leave no trace in it.
     *
     * @param view    the current view of an entry, or null when it has none
     * @param edge    builds a page element from an entry's cursor and view
     * @throws InvalidInputException when {@code first} is not from 1 to {@value #MAX_PAGE_SIZE} or {@code after} is
     *                               not a cursor of this kind of index
     */
    public <T, E> Slice<E> page(String after, int first, Function<K, T> view, Predicate<? super T> visible,
                                BiFunction<String, T, E> edge) {
        checkPageSize(first);
        Map<SortKey, K> following = after == null ? entries : tailAfter(decode(after));
        List<E> edges = new ArrayList<>();
        String endCursor = null;
        boolean hasNextPage = false;
        Iterator<Map.Entry<SortKey, K>> iterator = following.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<SortKey, K> entry = iterator.next();
            T found = view.apply(entry.getValue());
            if (found == null || !visible.test(found)) {
                continue;
            }
            if (edges.size() == first) {
                hasNextPage = true;
                break;
            }
            endCursor = encode(entry.getKey());
            edges.add(edge.apply(endCursor, found));
        }
        return new Slice<>(edges, endCursor, hasNextPage);
    }

    /**
     * Rejects a page size that is not from 1 to {@value #MAX_PAGE_SIZE}, naming the argument {@code first}.
     *
     * @throws InvalidInputException when the size is out of range
     */
    public static void checkPageSize(int first) {
        if (first < 1 || first > MAX_PAGE_SIZE) {
            throw new InvalidInputException("first", PAGE_SIZE_RULE, Integer.toString(first));
        }
    }

    private NavigableMap<SortKey, K> tailAfter(SortKey key) {
        return entries.tailMap(key, false);
    }

    private String encode(SortKey key) {
        String text = kind + SEPARATOR + key.time() + SEPARATOR + key.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor back into its sort key, rejecting text that no page of this kind of index returned. */
    private SortKey decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int timeStart = text.indexOf(SEPARATOR);
            int idStart = text.indexOf(SEPARATOR, timeStart + 1);
            if (timeStart < 0 || idStart < 0 || !kind.equals(text.substring(0, timeStart))
                    || idStart == text.length() - 1) {
                throw new InvalidInputException("after", CURSOR_RULE, cursor);
            }
            return new SortKey(Instant.parse(text.substring(timeStart + 1, idStart)), text.substring(idStart + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInputException("after", CURSOR_RULE, cursor);
        }
    }

    /**
     * One page of elements built by {@link #page}.
     *
     * @param edges       the elements, newest first
     * @param endCursor   the cursor of the last element, to pass as {@code after} for the next page, or null when the
     *                    page is empty
     * @param hasNextPage whether older visible entries follow
     */
    public record Slice<E>(List<E> edges, String endCursor, boolean hasNextPage) {

        public Slice {
            edges = List.copyOf(edges);
        }
    }

    /** The position of an entry: its time, then its id, which makes equal times distinct. */
    private record SortKey(Instant time, String id) {
    }
}
