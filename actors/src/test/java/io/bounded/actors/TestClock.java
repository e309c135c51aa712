package io.bounded.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand; can be told to fail, to exercise failure paths. */
public final class TestClock extends Clock {
  private volatile long millis;
  private volatile boolean failing;

  public TestClock() {
    this(1_700_000_000_000L);
  }

  public TestClock(long startMillis) {
    this.millis = startMillis;
  }

  public void advance(Duration d) {
    millis += d.toMillis();
  }

  /** While true, every read throws. */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  @Override
  public long millis() {
    if (failing) {
      throw new IllegalStateException("test clock told to fail");
    }
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
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
