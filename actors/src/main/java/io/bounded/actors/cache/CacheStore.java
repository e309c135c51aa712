package io.bounded.actors.cache;

import io.bounded.protocols.DropCause;
import java.util.function.LongPredicate;

/**
 * The bounded map behind the cache actor, one implementation per eviction policy. It keeps the
 * entry bound itself (evicting on insert) and counts bytes of values; the actor asks it to shed
 * bytes after a write. Every eviction is reported to the {@link Listener}. Single-threaded: lives
 * inside the actor.
 */
interface CacheStore {

  /** Told of every entry that a bound or the sweep removed. */
  interface Listener {
    void removed(String key, CacheEntry entry, DropCause cause);
  }

  /** The entry, marking it used; {@code null} when absent (expiry is the caller's business). */
  CacheEntry get(String key);

  /**
   * Inserts or replaces; a new key in a full store evicts per the policy. Returns the previous
   * entry.
   */
  CacheEntry put(String key, CacheEntry entry);

  /** Removes the key; not reported to the listener. Returns the removed entry or {@code null}. */
  CacheEntry remove(String key);

  /** Evicts per the policy, never {@code keep}, until bytes are within {@code maxBytes}. */
  void shedBytes(long maxBytes, String keep);

  /**
   * Removes every entry whose expiry instant has passed, reporting each as expired. Returns the
   * count.
   */
  int removeExpired(LongPredicate expiredAt);

  /** Removes everything; not reported. Returns how many entries there were. */
  int clear();

  int size();

  long bytes();
}
