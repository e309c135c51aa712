package io.bounded.actors.cache;

import io.bounded.config.CacheSettings;
import java.time.Duration;

/**
 * The cache's input rules in one place: the actor refuses what these name, and edges (the node's
 * HTTP routes) may check first to choose a status code. Each method answers the reason a request
 * would be refused, or {@code null} when it is acceptable.
 */
public final class CacheRequests {
  private CacheRequests() {}

  /**
   * Why {@code key} would be refused: empty, or longer than {@code bounded.cache.max-key-length}.
   */
  public static String keyProblem(CacheSettings settings, String key) {
    if (key.isEmpty()) {
      return "key must not be empty";
    }
    if (key.length() > settings.maxKeyLength()) {
      return "key is "
          + key.length()
          + " characters, longer than bounded.cache.max-key-length ("
          + settings.maxKeyLength()
          + ")";
    }
    return null;
  }

  /** Why a value of {@code bytes} would be refused: larger than {@code bounded.cache.max-bytes}. */
  public static String valueProblem(CacheSettings settings, long bytes) {
    if (bytes > settings.maxBytes()) {
      return "value is "
          + bytes
          + " bytes, more than bounded.cache.max-bytes ("
          + settings.maxBytes()
          + ")";
    }
    return null;
  }

  /**
   * Why {@code ttl} would be refused: below 1ms, or above {@code bounded.cache.max-ttl}; null is
   * the default.
   */
  public static String ttlProblem(CacheSettings settings, Duration ttl) {
    if (ttl == null) {
      return null;
    }
    if (ttl.isNegative() || ttl.toMillis() == 0) {
      return "ttl must be at least 1ms, but was " + ttl;
    }
    if (ttl.compareTo(settings.maxTtl()) > 0) {
      return "ttl must be <= bounded.cache.max-ttl (" + settings.maxTtl() + "), but was " + ttl;
    }
    return null;
  }

  /** Why a write would be refused (key, then value size, then TTL), or null. */
  public static String writeProblem(
      CacheSettings settings, String key, long valueBytes, Duration ttl) {
    String problem = keyProblem(settings, key);
    if (problem == null) {
      problem = valueProblem(settings, valueBytes);
    }
    if (problem == null) {
      problem = ttlProblem(settings, ttl);
    }
    return problem;
  }

  /**
   * Why a batch of {@code size} entries or keys would be refused: more than {@code max-entries}.
   */
  public static String batchProblem(CacheSettings settings, int size) {
    if (size > settings.maxEntries()) {
      return "a batch of "
          + size
          + " entries is larger than bounded.cache.max-entries ("
          + settings.maxEntries()
          + ")";
    }
    return null;
  }
}
