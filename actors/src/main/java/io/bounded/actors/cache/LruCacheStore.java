package io.bounded.actors.cache;

import io.bounded.actors.support.LruMap;
import io.bounded.protocols.DropCause;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * {@link CacheStore} with exact least-recently-used eviction (an access-ordered {@link LruMap}).
 */
final class LruCacheStore implements CacheStore {
  private final Listener listener;
  private final LruMap<String, CacheEntry> map;
  private long bytes;

  LruCacheStore(int maxEntries, Listener listener) {
    this.listener = listener;
    this.map =
        new LruMap<>(
            maxEntries,
            (key, entry) -> {
              bytes -= entry.bytes();
              listener.removed(key, entry, DropCause.SIZE);
            });
  }

  @Override
  public CacheEntry get(String key) {
    return map.get(key);
  }

  @Override
  public CacheEntry put(String key, CacheEntry entry) {
    bytes += entry.bytes();
    CacheEntry previous = map.put(key, entry);
    if (previous != null) {
      bytes -= previous.bytes();
    }
    return previous;
  }

  @Override
  public CacheEntry remove(String key) {
    CacheEntry removed = map.remove(key);
    if (removed != null) {
      bytes -= removed.bytes();
    }
    return removed;
  }

  @Override
  public void shedBytes(long maxBytes, String keep) {
    while (bytes > maxBytes && map.size() > 1) {
      Map.Entry<String, CacheEntry> eldest = map.eldest();
      if (eldest.getKey().equals(keep)) {
        // The entry just written is the most recently used, so it is eldest only when alone.
        return;
      }
      map.remove(eldest.getKey());
      bytes -= eldest.getValue().bytes();
      listener.removed(eldest.getKey(), eldest.getValue(), DropCause.BYTES);
    }
  }

  @Override
  public int removeExpired(LongPredicate expiredAt) {
    return map.removeIf(
        (key, entry) -> expiredAt.test(entry.expiresAtMillis()),
        (key, entry) -> {
          bytes -= entry.bytes();
          listener.removed(key, entry, DropCause.EXPIRED);
        });
  }

  @Override
  public int clear() {
    int n = map.size();
    map.clear();
    bytes = 0;
    return n;
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public long bytes() {
    return bytes;
  }

  /** Keys, least recently used first (for tests). */
  Iterable<String> keysEldestFirst() {
    return map.keysEldestFirst();
  }
}
