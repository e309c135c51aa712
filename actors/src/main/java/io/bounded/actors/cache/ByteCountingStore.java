package io.bounded.actors.cache;

import io.bounded.protocols.DropCause;

/**
 * What every {@link CacheStore} shares whatever its policy: the running total of value bytes, kept
 * right on every put, replacement, removal and eviction, and the report of each eviction to the
 * listener. A policy supplies only its map operations.
 */
abstract class ByteCountingStore implements CacheStore {
  private final Listener listener;
  private long bytes;

  ByteCountingStore(Listener listener) {
    this.listener = listener;
  }

  /** Inserts or replaces in the policy's map; answers the previous entry or {@code null}. */
  abstract CacheEntry mapPut(String key, CacheEntry entry);

  /** Removes from the policy's map; answers the removed entry or {@code null}. */
  abstract CacheEntry mapRemove(String key);

  /** Empties the policy's map. */
  abstract void mapClear();

  /** Called after every put, when the policy must settle its own bound. */
  void afterPut() {}

  @Override
  public final CacheEntry put(String key, CacheEntry entry) {
    bytes += entry.bytes();
    CacheEntry previous = mapPut(key, entry);
    if (previous != null) {
      bytes -= previous.bytes();
    }
    afterPut();
    return previous;
  }

  @Override
  public final CacheEntry remove(String key) {
    CacheEntry removed = mapRemove(key);
    if (removed != null) {
      bytes -= removed.bytes();
    }
    return removed;
  }

  @Override
  public final int clear() {
    int n = size();
    mapClear();
    bytes = 0;
    return n;
  }

  @Override
  public final long bytes() {
    return bytes;
  }

  /** An entry the policy has already taken out of its map: uncount its bytes and report it. */
  final void dropped(String key, CacheEntry entry, DropCause cause) {
    bytes -= entry.bytes();
    listener.removed(key, entry, cause);
  }
}
