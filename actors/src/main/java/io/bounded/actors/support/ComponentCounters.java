package io.bounded.actors.support;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.LedgerEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * The counters behind a component's {@link ComponentStats}, plus its drop ledger: totals by {@link
 * DropCause} and a ring of the last {@value #LEDGER_SIZE} drops or evictions. Owned by one actor
 * and touched only from its thread, except the mailbox-overflow count, which the runtime's overflow
 * monitor increments (an overflowed message never reaches the actor, so its count cannot live
 * inside it).
 */
public final class ComponentCounters {
  /** How many recent drops the ledger remembers (a power of two). */
  public static final int LEDGER_SIZE = 16;

  private final String name;
  private final Clock clock;
  private final LongAdder mailboxOverflows;

  private long inserts;
  private long hits;
  private long misses;
  private long evictions;
  private long expirations;
  private long rejections;
  private long drops;
  private long cleanupRuns;
  private long cleanupFailures;
  private long lastCleanupNanos;
  private final long[] byCause = new long[DropCause.values().length];

  // The ring: parallel arrays so that recording a drop allocates nothing.
  private final long[] ledgerAt = new long[LEDGER_SIZE];
  private final DropCause[] ledgerCause = new DropCause[LEDGER_SIZE];
  private final String[] ledgerSubject = new String[LEDGER_SIZE];
  private long ledgerWrites;

  /**
   * @param name the component's name in stats
   * @param clock the component's clock, for ledger timestamps
   * @param mailboxOverflows incremented by the runtime when the component's inbox overflows
   */
  public ComponentCounters(String name, Clock clock, LongAdder mailboxOverflows) {
    this.name = name;
    this.clock = clock;
    this.mailboxOverflows = mailboxOverflows;
  }

  public String name() {
    return name;
  }

  public void inserted() {
    inserts++;
  }

  public void hit() {
    hits++;
  }

  public void missed() {
    misses++;
  }

  public void rejected() {
    rejections++;
  }

  /**
   * A bound made the policy remove {@code subject} ({@link DropCause#SIZE} or {@link
   * DropCause#BYTES}).
   */
  public void evicted(DropCause cause, String subject) {
    evicted(cause, subject, clock.millis());
  }

  /**
   * As {@link #evicted(DropCause, String)}, with the time already read by the caller (hot paths).
   */
  public void evicted(DropCause cause, String subject, long nowMillis) {
    evictions++;
    record(cause, subject, nowMillis);
  }

  /** {@code subject} outlived its time to live or retention. */
  public void expired(String subject) {
    expired(subject, clock.millis());
  }

  /** As {@link #expired(String)}, with the time already read by the caller. */
  public void expired(String subject, long nowMillis) {
    expirations++;
    record(DropCause.EXPIRED, subject, nowMillis);
  }

  /**
   * A caller removed {@code count} entries; counted under {@link DropCause#EXPLICIT}, not in the
   * ledger.
   */
  public void removedExplicitly(long count) {
    byCause[DropCause.EXPLICIT.ordinal()] += count;
  }

  /** An item was lost before its consumer had it. */
  public void dropped(DropCause cause, String subject) {
    drops++;
    record(cause, subject, clock.millis());
  }

  /**
   * {@code count} items were lost together (a failed batch); counted {@code count} times under
   * {@code cause}, recorded once in the ledger.
   */
  public void dropped(DropCause cause, String subject, long count) {
    if (count <= 0) {
      return;
    }
    drops += count;
    record(cause, subject, clock.millis());
    byCause[cause.ordinal()] += count - 1;
  }

  /**
   * Runs one cleanup pass, timing it. A failure is logged and counted, never rethrown: the
   * component keeps running and the next tick tries again.
   */
  public void runCleanup(Logger log, Runnable cleanup) {
    long start = System.nanoTime();
    try {
      cleanup.run();
      cleanupRuns++;
    } catch (RuntimeException e) {
      cleanupFailures++;
      log.warn("{}: cleanup tick failed; will retry on the next tick", name, e);
    } finally {
      lastCleanupNanos = System.nanoTime() - start;
    }
  }

  /** The mailbox overflows so far. */
  public long mailboxOverflows() {
    return mailboxOverflows.sum();
  }

  /**
   * A snapshot for {@code GetStats}.
   *
   * @param size held now
   * @param capacity the bound on {@code size}
   * @param gauges component-specific readings
   */
  public ComponentStats snapshot(long size, long capacity, Map<String, Long> gauges) {
    long overflows = mailboxOverflows.sum();
    Map<String, Long> causes = new LinkedHashMap<>();
    for (DropCause c : DropCause.values()) {
      long n = byCause[c.ordinal()] + (c == DropCause.MAILBOX_OVERFLOW ? overflows : 0);
      if (n > 0) {
        causes.put(c.key(), n);
      }
    }
    return new ComponentStats(
        name,
        size,
        capacity,
        inserts,
        hits,
        misses,
        evictions,
        expirations,
        rejections,
        drops + overflows,
        overflows,
        cleanupRuns,
        cleanupFailures,
        Duration.ofNanos(lastCleanupNanos),
        causes,
        gauges,
        recent());
  }

  private void record(DropCause cause, String subject, long nowMillis) {
    byCause[cause.ordinal()]++;
    int slot = (int) (ledgerWrites++ & (LEDGER_SIZE - 1));
    ledgerAt[slot] = nowMillis;
    ledgerCause[slot] = cause;
    ledgerSubject[slot] = subject;
  }

  private List<LedgerEntry> recent() {
    int n = (int) Math.min(ledgerWrites, LEDGER_SIZE);
    List<LedgerEntry> out = new ArrayList<>(n);
    for (long i = ledgerWrites - n; i < ledgerWrites; i++) {
      int slot = (int) (i & (LEDGER_SIZE - 1));
      out.add(
          new LedgerEntry(
              Instant.ofEpochMilli(ledgerAt[slot]), ledgerCause[slot], ledgerSubject[slot]));
    }
    return out;
  }
}
