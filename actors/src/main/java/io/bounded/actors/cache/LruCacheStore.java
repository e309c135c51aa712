package io.bounded.actors.cache;

import io.bounded.actors.support.LruMap;
import io.bounded.protocols.DropCause;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * {@link CacheStore} with exact least-recently-used eviction (an access-ordered {@link LruMap}).
 */
final class LruCacheStore extends ByteCountingStore {
  private final LruMap<String, CacheEntry> map;

  LruCacheStore(int maxEntries, Listener listener) {
    super(listener);
    this.map = new LruMap<>(maxEntries, (key, entry) -> dropped(key, entry, DropCause.SIZE));
  }

  @Override
  public CacheEntry get(String key) {
    return map.get(key);
  }

  @Override
  CacheEntry mapPut(String key, CacheEntry entry) {
    return map.put(key, entry);
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
    while (bytes() > maxBytes && map.size() > 1) {
      Map.Entry<String, CacheEntry> eldest = map.eldest();
      if (eldest.getKey().equals(keep)) {
        // The entry just written is the most recently used, so it is eldest only when alone.
        return;
      }
      map.remove(eldest.getKey());
      dropped(eldest.getKey(), eldest.getValue(), DropCause.BYTES);
    }
  }

  @Override
  public int removeExpired(LongPredicate expiredAt) {
    return map.removeIf(
        (key, entry) -> expiredAt.test(entry.expiresAtMillis()),
        (key, entry) -> dropped(key, entry, DropCause.EXPIRED));
  }

  @Override
  public int size() {
    return map.size();
  }

  /** Keys, least recently used first (for tests). */
  Iterable<String> keysEldestFirst() {
    return map.keysEldestFirst();
  }
}
