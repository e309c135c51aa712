package io.bounded.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the cache, from {@code bounded.cache}. The cache holds at most {@code maxEntries}
 * entries and at most {@code maxBytes} bytes of values; every entry expires ({@code defaultTtl}
 * unless the put gives its own TTL, never more than {@code maxTtl}).
 *
 * @param maxEntries most entries held ({@code bounded.cache.max-entries})
 * @param maxBytes most bytes of values held ({@code bounded.cache.max-bytes})
 * @param maxKeyLength longest key in characters ({@code bounded.cache.max-key-length})
 * @param defaultTtl time to live of an entry put without its own ({@code
 *     bounded.cache.default-ttl})
 * @param maxTtl longest TTL a put may ask for ({@code bounded.cache.max-ttl})
 * @param eviction which entry goes first when a bound is reached ({@code bounded.cache.eviction})
 * @param cleanupInterval how often expired entries are swept ({@code
 *     bounded.cache.cleanup-interval})
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.cache.mailbox-capacity})
 */
public record CacheSettings(
    int maxEntries,
    long maxBytes,
    int maxKeyLength,
    Duration defaultTtl,
    Duration maxTtl,
    Eviction eviction,
    Duration cleanupInterval,
    int mailboxCapacity) {

  /** The config section. */
  public static final String PATH = "bounded.cache";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public CacheSettings {
    Problems p = new Problems(PATH);
    p.between("max-entries", maxEntries, 1, 100_000_000);
    p.positive("max-bytes", maxBytes);
    p.between("max-key-length", maxKeyLength, 1, 65_536);
    p.positive("default-ttl", defaultTtl);
    p.positive("max-ttl", maxTtl);
    p.atMost("default-ttl", defaultTtl, maxTtl, "max-ttl");
    p.require(eviction != null, "eviction", "one of " + Eviction.configNames(), "null");
    p.positive("cleanup-interval", cleanupInterval);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    p.throwIfAny();
  }

  /**
   * Reads and validates {@code bounded.cache}.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem
   */
  public static CacheSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    Integer maxEntries = r.integer("max-entries");
    Long maxBytes = r.bytes("max-bytes");
    Integer maxKeyLength = r.integer("max-key-length");
    Duration defaultTtl = r.duration("default-ttl");
    Duration maxTtl = r.duration("max-ttl");
    String evictionName = r.string("eviction");
    Duration cleanupInterval = r.duration("cleanup-interval");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    if (evictionName != null) {
      r.problems().oneOf("eviction", evictionName, Eviction.configNames());
    }
    r.problems().throwIfAny();
    return new CacheSettings(
        maxEntries,
        maxBytes,
        maxKeyLength,
        defaultTtl,
        maxTtl,
        Objects.requireNonNull(Eviction.fromConfigName(evictionName)),
        cleanupInterval,
        mailboxCapacity);
  }

  /** A copy with another entry bound. */
  public CacheSettings withMaxEntries(int value) {
    return new CacheSettings(
        value,
        maxBytes,
        maxKeyLength,
        defaultTtl,
        maxTtl,
        eviction,
        cleanupInterval,
        mailboxCapacity);
  }

  /** A copy with another byte bound. */
  public CacheSettings withMaxBytes(long value) {
    return new CacheSettings(
        maxEntries,
        value,
        maxKeyLength,
        defaultTtl,
        maxTtl,
        eviction,
        cleanupInterval,
        mailboxCapacity);
  }

  /** A copy with another eviction policy. */
  public CacheSettings withEviction(Eviction value) {
    return new CacheSettings(
        maxEntries,
        maxBytes,
        maxKeyLength,
        defaultTtl,
        maxTtl,
        value,
        cleanupInterval,
        mailboxCapacity);
  }

  /** A copy with another mailbox capacity. */
  public CacheSettings withMailboxCapacity(int value) {
    return new CacheSettings(
        maxEntries, maxBytes, maxKeyLength, defaultTtl, maxTtl, eviction, cleanupInterval, value);
  }
}
