package io.bounded.actors.memoizer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bounded.actors.support.LruMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A memoizer's finished results, at most {@code capacity} of them: exact LRU ({@link LruMap}) or
 * Caffeine's W-TinyLFU with maintenance run on the calling (actor) thread. Not thread-safe: it
 * lives inside one memoizer actor.
 */
abstract class ResultStore {

  /** A finished computation: a value, or a remembered failure (negative TTL). */
  record Result(Object value, Throwable failure, long expiresAtMillis) {
    boolean expiredAt(long nowMillis) {
      return nowMillis >= expiresAtMillis;
    }
  }

  abstract Result get(Object key);

  /** Stores a result; a new key in a full store evicts one entry, telling the listener. */
  abstract void put(Object key, Result result);

  abstract Result remove(Object key);

  /** Removes everything; answers how many there were. */
  abstract int clear();

  abstract int size();

  /** Removes every result expired at {@code nowMillis}, telling {@code onExpired} of each. */
  abstract int removeExpired(long nowMillis, BiConsumer<Object, Result> onExpired);

  static ResultStore lru(int capacity, BiConsumer<Object, Result> onEvict) {
    return new Lru(capacity, onEvict);
  }

  static ResultStore tinyLfu(int capacity, BiConsumer<Object, Result> onEvict) {
    return new TinyLfu(capacity, onEvict);
  }

  private static final class Lru extends ResultStore {
    private final LruMap<Object, Result> map;

    Lru(int capacity, BiConsumer<Object, Result> onEvict) {
      this.map = new LruMap<>(capacity, onEvict);
    }

    @Override
    Result get(Object key) {
      return map.get(key);
    }

    @Override
    void put(Object key, Result result) {
      map.put(key, result);
    }

    @Override
    Result remove(Object key) {
      return map.remove(key);
    }

    @Override
    int clear() {
      int n = map.size();
      map.clear();
      return n;
    }

    @Override
    int size() {
      return map.size();
    }

    @Override
    int removeExpired(long nowMillis, BiConsumer<Object, Result> onExpired) {
      return map.removeIf((k, r) -> r.expiredAt(nowMillis), onExpired);
    }
  }

  private static final class TinyLfu extends ResultStore {
    private final int capacity;
    private final Cache<Object, Result> cache;
    private final Map<Object, Result> map;

    TinyLfu(int capacity, BiConsumer<Object, Result> onEvict) {
      this.capacity = capacity;
      this.cache =
          Caffeine.newBuilder()
              .maximumSize(capacity)
              // maintenance on the actor's thread: no pool threads touch this store
              .executor(Runnable::run)
              .evictionListener(
                  (Object k, Result r, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (cause.wasEvicted() && k != null) {
                      onEvict.accept(k, r);
                    }
                  })
              .build();
      this.map = cache.asMap();
    }

    @Override
    Result get(Object key) {
      return cache.getIfPresent(key);
    }

    @Override
    void put(Object key, Result result) {
      map.put(key, result);
      if (map.size() > capacity) {
        cache.cleanUp();
      }
    }

    @Override
    Result remove(Object key) {
      return map.remove(key);
    }

    @Override
    int clear() {
      int n = map.size();
      map.clear();
      return n;
    }

    @Override
    int size() {
      return map.size();
    }

    @Override
    int removeExpired(long nowMillis, BiConsumer<Object, Result> onExpired) {
      int[] n = {0};
      map.entrySet()
          .removeIf(
              e -> {
                if (e.getValue().expiredAt(nowMillis)) {
                  onExpired.accept(e.getKey(), e.getValue());
                  n[0]++;
                  return true;
                }
                return false;
              });
      return n[0];
    }
  }
}
