package io.bounded.actors.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CountingAsyncAppenderTest {

  /** A downstream appender stuck until released, like a console that stopped draining. */
  static final class StuckAppender extends AppenderBase<ILoggingEvent> {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch holding = new CountDownLatch(1);
    final AtomicInteger written = new AtomicInteger();

    @Override
    protected void append(ILoggingEvent event) {
      holding.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.incrementAndGet();
    }
  }

  @Test
  void append_downstreamStuck_callerNeverBlocksAndDropsAreCounted() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    StuckAppender stuck = new StuckAppender();
    stuck.setContext(context);
    stuck.start();
    CountingAsyncAppender async = new CountingAsyncAppender();
    async.setContext(context);
    async.setQueueSize(16);
    async.addAppender(stuck);
    async.start();
    Logger logger = context.getLogger("test");
    logger.setLevel(Level.INFO);
    logger.addAppender(async);

    long before = LogDrops.total();
    int lines = 1_000;
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          logger.warn("line 0");
          stuck.holding.await(); // the worker now holds line 0 and takes nothing more
          for (int i = 1; i < lines; i++) {
            logger.warn("line {}", i);
          }
        });
    long dropped = LogDrops.total() - before;
    // the worker holds one line and the queue 16; every other line was dropped and counted
    assertThat(dropped).isEqualTo(lines - 1 - 16);

    stuck.release.countDown();
    async.stop();
    assertThat(stuck.written.get() + dropped).isEqualTo(lines);
    context.stop();
  }

  @Test
  void append_queueNearlyFull_shedsInfoButKeepsWarn() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    StuckAppender stuck = new StuckAppender();
    stuck.setContext(context);
    stuck.start();
    CountingAsyncAppender async = new CountingAsyncAppender();
    async.setContext(context);
    async.setQueueSize(10);
    async.setDiscardingThreshold(5);
    async.addAppender(stuck);
    async.start();
    Logger logger = context.getLogger("test");
    logger.setLevel(Level.INFO);
    logger.addAppender(async);

    long before = LogDrops.total();
    logger.warn("held by the worker");
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> stuck.holding.await());
    for (int i = 0; i < 7; i++) {
      logger.warn("fill {}", i); // 7 of 10 queued: 3 remain, below the threshold of 5
    }
    logger.info("shed me");
    long afterInfo = LogDrops.total();
    logger.warn("keep me");
    long afterWarn = LogDrops.total();
    assertThat(afterInfo - before).isEqualTo(1);
    assertThat(afterWarn).isEqualTo(afterInfo);

    stuck.release.countDown();
    async.stop();
    context.stop();
  }
}
