package io.bounded.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that moves only when told. Components measure ages and time to live with the
 * injected clock, while their timers run on the actor system's scheduler; {@link
 * BoundedRuntimeExtension#timePasses} moves both together.
 */
public final class ManualClock extends Clock {
  private volatile long millis;

  /** A clock starting at {@code start}. */
  public ManualClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  /** A clock starting at 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves the clock forward. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward, but was asked to move " + d);
    }
    millis += d.toMillis();
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
