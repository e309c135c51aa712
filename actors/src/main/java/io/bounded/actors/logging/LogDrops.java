package io.bounded.actors.logging;

import java.util.concurrent.atomic.LongAdder;

/**
 * The number of log lines dropped by {@link CountingAsyncAppender} in this JVM. A separate class so
 * that the runtime can read it without Logback on the class path (then it stays 0).
 */
public final class LogDrops {
  private static final LongAdder DROPPED = new LongAdder();

  private LogDrops() {}

  /**
   * Log lines dropped so far (the appender's queue was full, or nearly full for INFO and below).
   */
  public static long total() {
    return DROPPED.sum();
  }

  static void increment() {
    DROPPED.increment();
  }
}
