package io.bounded.actors.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import io.bounded.protocols.DropCause;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * {@link CacheStore} with Caffeine's Window TinyLFU. Caffeine's maintenance (and so eviction) is
 * pinned to the calling thread with a same-thread executor, so the entry bound holds when {@link
 * #put} returns: the actor never shares the map with a pool thread. Caffeine bounds one weight
 * only, so it bounds entries and this class sheds bytes by evicting Caffeine's coldest entries.
 */
final class TinyLfuCacheStore extends ByteCountingStore {
  private static final int SHED_BATCH = 8;

  private final int maxEntries;
  private final Cache<String, CacheEntry> cache;
  private final Map<String, CacheEntry> map;
  private final Policy.Eviction<String, CacheEntry> eviction;

  TinyLfuCacheStore(int maxEntries, Listener listener) {
    super(listener);
    this.maxEntries = maxEntries;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .executor(Runnable::run)
            .<String, CacheEntry>evictionListener(
                (key, entry, cause) -> {
                  if (cause.wasEvicted() && entry != null) {
                    dropped(key, entry, DropCause.SIZE);
                  }
                })
            .build();
    this.map = cache.asMap();
    this.eviction = cache.policy().eviction().orElseThrow();
  }

  @Override
  public CacheEntry get(String key) {
    return cache.getIfPresent(key);
  }

  @Override
  CacheEntry mapPut(String key, CacheEntry entry) {
    return map.put(key, entry);
  }

  @Override
  void afterPut() {
    if (map.size() > maxEntries) {
      // Maintenance normally ran inside put on this thread; make sure before the actor replies.
      cache.cleanUp();
    }
  }

  @Override
  CacheEntry mapRemove(String key) {
    return map.remove(key);
  }

  @Override
  void mapClear() {
    map.clear();
  }

  @Override
  public void shedBytes(long maxBytes, String keep) {
    while (bytes() > maxBytes) {
      boolean progressed = false;
      for (Map.Entry<String, CacheEntry> e : eviction.coldest(SHED_BATCH).entrySet()) {
        if (bytes() <= maxBytes) {
          return;
        }
        if (e.getKey().equals(keep)) {
          continue;
        }
        if (map.remove(e.getKey(), e.getValue())) {
          dropped(e.getKey(), e.getValue(), DropCause.BYTES);
          progressed = true;
        }
      }
      if (!progressed) {
        return;
      }
    }
  }

  @Override
  public int removeExpired(LongPredicate expiredAt) {
    int[] removed = {0};
    map.entrySet()
        .removeIf(
            e -> {
              if (expiredAt.test(e.getValue().expiresAtMillis())) {
                dropped(e.getKey(), e.getValue(), DropCause.EXPIRED);
                removed[0]++;
                return true;
              }
              return false;
            });
    return removed[0];
  }

  @Override
  public int size() {
    return map.size();
  }
}
