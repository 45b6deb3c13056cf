package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class RecentAggregatesCacheTest {

    @Test
    void fullCacheDropsLeastRecentlyUsed() {
        RecentAggregatesCache cache = new RecentAggregatesCache(2);
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });

        cache.put("first", "one");
        cache.put("second", "two");
        cache.get("first");
        cache.put("third", "three");

        assertThat(cache.containsKey("first")).isTrue();
        assertThat(cache.containsKey("second")).isFalse();
        assertThat(cache.<String, String>get("third")).isEqualTo("three");
        assertThat(expired).containsExactly("second");
    }

    @Test
    void removedAggregateIsGone() {
        RecentAggregatesCache cache = new RecentAggregatesCache(2);
        cache.put("first", "one");

        assertThat(cache.remove("first")).isTrue();
        assertThat(cache.<String, String>get("first")).isNull();
        assertThat(cache.putIfAbsent("first", "again")).isTrue();
        assertThat(cache.putIfAbsent("first", "twice")).isFalse();
    }
}
