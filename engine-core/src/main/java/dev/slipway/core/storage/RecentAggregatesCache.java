package dev.slipway.core.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;

/**
 * Cache of the aggregates used last, with strong references, that drops the least recently used aggregate when it
 * is full. Axon's weak-reference cache loses an aggregate at a garbage collection once no command holds it. In a
 * profile of the storage benchmark on H2, one command sample in seven was spent reloading an aggregate from its
 * events.
 */
public final class RecentAggregatesCache implements Cache {

    /** Number of aggregates kept when none is given. */
    static final int DEFAULT_CAPACITY = 1024;

    private final Map<Object, Object> entries;
    private final Set<EntryListener> listeners = new CopyOnWriteArraySet<>();

    /**
     * Gives every aggregate of the configuration one cache of the {@value #DEFAULT_CAPACITY} aggregates used last.
     * Aggregates are registered by several modules, so the cache is set once all of them are in, before any
     * repository is built. Only for a single engine process: a node of a cluster would keep aggregates in its cache
     * that another node appends to.
     */
    public static void installIn(Configurer configurer) {
        configurer.onInitialize(config -> {
            RecentAggregatesCache cache = new RecentAggregatesCache(DEFAULT_CAPACITY);
            for (AggregateConfigurer<?> aggregate : config.findModules(AggregateConfigurer.class)) {
                aggregate.configureCache(c -> cache);
            }
        });
    }

    RecentAggregatesCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Invalid aggregate cache capacity '" + capacity
                    + "': it must be at least 1.");
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
                return true;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        requireValue(value);
        boolean created = entries.put(key, value) == null;
        listeners.forEach(listener -> {
            if (created) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        requireValue(value);
        if (entries.putIfAbsent(key, value) != null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        return true;
    }

    @Override
    public synchronized boolean remove(Object key) {
        if (entries.remove(key) == null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public synchronized void removeAll() {
        List<Object> keys = new ArrayList<>(entries.keySet());
        entries.clear();
        keys.forEach(key -> listeners.forEach(listener -> listener.onEntryRemoved(key)));
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V current = (V) entries.get(key);
        if (current == null) {
            return;
        }
        V updated = update.apply(current);
        if (updated == null) {
            remove(key);
        } else {
            put(key, updated);
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static void requireValue(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("The aggregate cache takes no null values.");
        }
    }
}
