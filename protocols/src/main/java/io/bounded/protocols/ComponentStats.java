package io.bounded.protocols;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The uniform answer of every component to {@code GetStats}: a snapshot, never a live view.
 * Counters are totals since the component started.
 *
 * @param name the component, e.g. {@code cache}
 * @param size entries (or tasks, spans, subscriptions…) held now; never above {@code capacity}
 * @param capacity the configured bound on {@code size}
 * @param inserts accepted inserts (puts, enqueues, publishes)
 * @param hits reads that found what they asked for
 * @param misses reads that found nothing (including expired entries)
 * @param evictions entries the policy removed to honour a bound (size or bytes)
 * @param expirations entries removed because they outlived their time to live or retention
 * @param rejections requests refused with a reason (bad input, over a bound where evicting would
 *     lose work)
 * @param drops messages or items lost before their consumer had them (each also counted under its
 *     cause)
 * @param mailboxOverflows messages refused because the component's bounded inbox was full
 * @param cleanupRuns cleanup ticks completed
 * @param cleanupFailures cleanup ticks that failed (logged; the component carried on)
 * @param lastCleanupDuration how long the last cleanup tick took ({@link Duration#ZERO} before the
 *     first)
 * @param byCause removals and drops by {@link DropCause#key()}
 * @param gauges component-specific readings, e.g. {@code bytes} and {@code max-bytes} for the cache
 * @param recent the last few drops and evictions, oldest first (bounded)
 */
public record ComponentStats(
    String name,
    long size,
    long capacity,
    long inserts,
    long hits,
    long misses,
    long evictions,
    long expirations,
    long rejections,
    long drops,
    long mailboxOverflows,
    long cleanupRuns,
    long cleanupFailures,
    Duration lastCleanupDuration,
    Map<String, Long> byCause,
    Map<String, Long> gauges,
    List<LedgerEntry> recent) {

  public ComponentStats {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastCleanupDuration, "lastCleanupDuration");
    byCause = Map.copyOf(byCause);
    gauges = Map.copyOf(gauges);
    recent = List.copyOf(recent);
  }

  /** The count under one cause, 0 when none. */
  public long byCause(DropCause cause) {
    return byCause.getOrDefault(cause.key(), 0L);
  }

  /** A gauge, or 0 when the component has no such reading. */
  public long gauge(String key) {
    return gauges.getOrDefault(key, 0L);
  }
}
