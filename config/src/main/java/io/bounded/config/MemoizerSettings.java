package io.bounded.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a memoizer, from {@code bounded.memoizer}; every memoized function gets its own actor
 * with these bounds. It holds at most {@code maxEntries} results, each valid for {@code ttl}, and
 * runs at most {@code maxInFlight} computations at once.
 *
 * @param maxEntries most results held per memoizer ({@code bounded.memoizer.max-entries})
 * @param ttl how long a result stays valid ({@code bounded.memoizer.ttl})
 * @param negativeTtl how long a failure is remembered; zero means failures are never cached ({@code
 *     bounded.memoizer.negative-ttl})
 * @param maxInFlight most computations running at once; calls for further new keys are refused
 *     ({@code bounded.memoizer.max-in-flight})
 * @param computeTimeout a computation running longer fails its callers and frees its slot ({@code
 *     bounded.memoizer.compute-timeout})
 * @param eviction which result goes first when {@code maxEntries} is reached ({@code
 *     bounded.memoizer.eviction})
 * @param cleanupInterval how often expired results are swept ({@code
 *     bounded.memoizer.cleanup-interval})
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.memoizer.mailbox-capacity})
 * @param maxWaiters most callers waiting over all running computations ({@code
 *     bounded.memoizer.max-waiters})
 * @param maxMemoizers most memoizers one runtime holds at once ({@code
 *     bounded.memoizer.max-memoizers})
 */
public record MemoizerSettings(
    int maxEntries,
    Duration ttl,
    Duration negativeTtl,
    int maxInFlight,
    Duration computeTimeout,
    Eviction eviction,
    Duration cleanupInterval,
    int mailboxCapacity,
    int maxWaiters,
    int maxMemoizers) {

  /** The config section. */
  public static final String PATH = "bounded.memoizer";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public MemoizerSettings {
    Problems p = new Problems(PATH);
    p.between("max-entries", maxEntries, 1, 100_000_000);
    p.positive("ttl", ttl);
    p.nonNegative("negative-ttl", negativeTtl);
    p.between("max-in-flight", maxInFlight, 1, 100_000);
    p.positive("compute-timeout", computeTimeout);
    p.require(eviction != null, "eviction", "one of " + Eviction.configNames(), "null");
    p.positive("cleanup-interval", cleanupInterval);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    p.between("max-waiters", maxWaiters, 1, 10_000_000);
    p.between("max-memoizers", maxMemoizers, 1, 10_000);
    p.throwIfAny();
  }

  /**
   * Reads and validates {@code bounded.memoizer}.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem
   */
  public static MemoizerSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    Integer maxEntries = r.integer("max-entries");
    Duration ttl = r.duration("ttl");
    Duration negativeTtl = r.duration("negative-ttl");
    Integer maxInFlight = r.integer("max-in-flight");
    Duration computeTimeout = r.duration("compute-timeout");
    String evictionName = r.string("eviction");
    Duration cleanupInterval = r.duration("cleanup-interval");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    Integer maxWaiters = r.integer("max-waiters");
    Integer maxMemoizers = r.integer("max-memoizers");
    if (evictionName != null) {
      r.problems().oneOf("eviction", evictionName, Eviction.configNames());
    }
    r.problems().throwIfAny();
    return new MemoizerSettings(
        maxEntries,
        ttl,
        negativeTtl,
        maxInFlight,
        computeTimeout,
        Objects.requireNonNull(Eviction.fromConfigName(evictionName)),
        cleanupInterval,
        mailboxCapacity,
        maxWaiters,
        maxMemoizers);
  }

  /** A copy holding at most {@code value} results. */
  public MemoizerSettings withMaxEntries(int value) {
    return new MemoizerSettings(
        value,
        ttl,
        negativeTtl,
        maxInFlight,
        computeTimeout,
        eviction,
        cleanupInterval,
        mailboxCapacity,
        maxWaiters,
        maxMemoizers);
  }

  /** A copy whose results stay valid for {@code value}. */
  public MemoizerSettings withTtl(Duration value) {
    return new MemoizerSettings(
        maxEntries,
        value,
        negativeTtl,
        maxInFlight,
        computeTimeout,
        eviction,
        cleanupInterval,
        mailboxCapacity,
        maxWaiters,
        maxMemoizers);
  }

  /** A copy that remembers failures for {@code value} (zero: never). */
  public MemoizerSettings withNegativeTtl(Duration value) {
    return new MemoizerSettings(
        maxEntries,
        ttl,
        value,
        maxInFlight,
        computeTimeout,
        eviction,
        cleanupInterval,
        mailboxCapacity,
        maxWaiters,
        maxMemoizers);
  }

  /** A copy running at most {@code value} computations at once. */
  public MemoizerSettings withMaxInFlight(int value) {
    return new MemoizerSettings(
        maxEntries,
        ttl,
        negativeTtl,
        value,
        computeTimeout,
        eviction,
        cleanupInterval,
        mailboxCapacity,
        maxWaiters,
        maxMemoizers);
  }

  /** A copy whose computations fail after {@code value}. */
  public MemoizerSettings withComputeTimeout(Duration value) {
    return new MemoizerSettings(
        maxEntries,
        ttl,
        negativeTtl,
        maxInFlight,
        value,
        eviction,
        cleanupInterval,
        mailboxCapacity,
        maxWaiters,
        maxMemoizers);
  }

  /** A copy with another eviction policy. */
  public MemoizerSettings withEviction(Eviction value) {
    return new MemoizerSettings(
        maxEntries,
        ttl,
        negativeTtl,
        maxInFlight,
        computeTimeout,
        value,
        cleanupInterval,
        mailboxCapacity,
        maxWaiters,
        maxMemoizers);
  }

  /** A copy with at most {@code value} callers waiting. */
  public MemoizerSettings withMaxWaiters(int value) {
    return new MemoizerSettings(
        maxEntries,
        ttl,
        negativeTtl,
        maxInFlight,
        computeTimeout,
        eviction,
        cleanupInterval,
        mailboxCapacity,
        value,
        maxMemoizers);
  }
}
