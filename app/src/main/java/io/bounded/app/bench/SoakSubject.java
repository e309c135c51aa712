package io.bounded.app.bench;

import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A component under {@code bench --soak}: a driver of distinct keys and a way to read its stats.
 * Closing it stops what it started for the soak (an upstream, a table, a memoizer); the runtime is
 * closed after every subject.
 */
public interface SoakSubject extends AutoCloseable {
  /** The component's name, as in {@code /stats}. */
  String name();

  /** Its configured capacity: the bound its stats report as {@code capacity}. */
  long capacity();

  /** How many distinct keys the driver cycles through: 100 × capacity. */
  default long distinctKeys() {
    return 100L * capacity();
  }

  /**
   * Inserts distinct keys until {@code stop} is true, on the calling plain thread, never letting
   * more messages wait than the component's inbox holds, and resting with {@code pacer} after each
   * window of messages. Refusals (a full queue, a table of routes at its bound) are part of the
   * driving, not failures.
   *
   * @return how many inserts it sent, accepted or refused
   */
  long drive(BooleanSupplier stop, Pacer pacer) throws Exception;

  /** The component's stats, waiting at most the runtime's ask timeout (and a little). */
  ComponentStats stats() throws Exception;

  /**
   * The component's other bounds, read from the same stats (gauges against their maxima, e.g. the
   * tracer's stored spans): one line per bound broken, empty when all hold.
   */
  default List<String> otherBounds(ComponentStats stats) {
    return List.of();
  }

  /** What the component made of the driving, from its stats at the end, for the last lines. */
  default String summary(ComponentStats s) {
    return String.format(
        Locale.ROOT,
        "accepted %,d, rejected %,d, evicted %,d, expired %,d, mailbox overflows %,d",
        s.inserts(),
        s.rejections(),
        s.evictions(),
        s.expirations(),
        s.mailboxOverflows());
  }

  /** Stops what the subject started for the soak. */
  @Override
  default void close() throws Exception {}

  /** The lines of {@code checks} that are not null: the bounds broken, for {@link #otherBounds}. */
  static List<String> broken(String... checks) {
    return java.util.Arrays.stream(checks).filter(java.util.Objects::nonNull).toList();
  }

  /**
   * A line for {@link #otherBounds} when gauge {@code key} is above {@code max}, else null.
   *
   * @param what how the bound is named in the line
   */
  static String above(ComponentStats s, String key, long max, String what) {
    long v = s.gauge(key);
    return v <= max
        ? null
        : String.format(Locale.ROOT, "%s %s %,d > %s %,d", s.name(), key, v, what, max);
  }

  /**
   * Shares the machine between the drivers of one soak: after each window of work a driver rests
   * {@code share - 1} times as long as the window took (at most {@link #MAX_REST}), so that {@code
   * share} drivers running at once load the machine about as much as one alone, and neither the
   * sampler's stats requests nor the garbage collector starve. Under contention windows take longer
   * and the rests with them. A share of 1 never rests. One per driver thread.
   */
  final class Pacer {
    /** Never rests: a driver alone. */
    public static final Pacer NONE = new Pacer(1);

    /** Longest rest after one window. */
    public static final Duration MAX_REST = Duration.ofSeconds(1);

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int share;
    private long since = System.nanoTime();

    /** A pacer for one of {@code share} drivers running at once. */
    public Pacer(int share) {
      if (share < 1) {
        throw new IllegalArgumentException("share must be >= 1, but was " + share);
      }
      this.share = share;
    }

    /** The drivers sharing the machine. */
    public int share() {
      return share;
    }

    /** Rests after a window (the time since the last rest); returns early once {@code stop}. */
    public void rest(BooleanSupplier stop) throws InterruptedException {
      if (share == 1) {
        return;
      }
      long now = System.nanoTime();
      long rest = Math.min((now - since) * (share - 1), MAX_REST.toNanos());
      long end = now + rest;
      for (long left = rest; left > 0 && !stop.getAsBoolean(); left = end - System.nanoTime()) {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, SLICE_NANOS));
      }
      since = System.nanoTime();
    }
  }
}
