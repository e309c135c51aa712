package io.bounded.actors.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@link AsyncAppender} that never blocks the caller and counts what it drops. When the
 * queue is full an event is dropped; when less than the discarding threshold (by default a fifth of
 * the queue) remains, TRACE, DEBUG and INFO events are dropped so WARN and ERROR still get through.
 * Every drop is counted in {@link LogDrops#total()}, which the runtime reports as {@code
 * droppedLogLines()}.
 *
 * <p>Use it in {@code logback.xml} in place of {@code ch.qos.logback.classic.AsyncAppender}. Under
 * heavy contention the count can miss a drop that happens between the capacity check and the
 * enqueue.
 */
public class CountingAsyncAppender extends AsyncAppender {

  public CountingAsyncAppender() {
    setNeverBlock(true);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!isStarted()) {
      return;
    }
    int remaining = getRemainingCapacity();
    if (remaining == 0 || (remaining < getDiscardingThreshold() && isDiscardable(event))) {
      LogDrops.increment();
      return;
    }
    super.append(event);
  }
}
