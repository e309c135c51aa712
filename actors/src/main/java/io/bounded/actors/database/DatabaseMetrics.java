package io.bounded.actors.database;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The database's counters that JDBC work updates: they are written on the database dispatcher's
 * threads and by HikariCP, and read by the actor for {@code GetStats}, so they are thread-safe
 * (adders and wait-free histograms) rather than actor state. Counting here instead of sending a
 * message per result keeps the counts exact even when the actor's inbox is full.
 */
final class DatabaseMetrics implements MetricsTrackerFactory {
  /** Longest acquire wait the histogram tells apart: one hour, in microseconds. */
  private static final long MAX_WAIT_MICROS = TimeUnit.HOURS.toMicros(1);

  final LongAdder queries = new LongAdder();
  final LongAdder updates = new LongAdder();
  final LongAdder transactions = new LongAdder();
  final LongAdder requestsFailed = new LongAdder();
  final LongAdder writesWritten = new LongAdder();
  final LongAdder writesFailed = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder batchesRetried = new LongAdder();
  final LongAdder connectionsCreated = new LongAdder();
  final LongAdder connectionTimeouts = new LongAdder();
  final ConcurrentHistogram acquireWaitMicros = new ConcurrentHistogram(MAX_WAIT_MICROS, 2);
  final ConcurrentHistogram batchSizes;
  final ConcurrentHistogram batchMicros = new ConcurrentHistogram(MAX_WAIT_MICROS, 2);

  /**
   * @param maxBatchSize the largest batch ({@code batch-size})
   */
  DatabaseMetrics(int maxBatchSize) {
    this.batchSizes = new ConcurrentHistogram(Math.max(2, maxBatchSize), 2);
  }

  void batchCommitted(int size, long nanos) {
    batches.increment();
    batchSizes.recordValue(size);
    batchMicros.recordValue(
        Math.min(MAX_WAIT_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
  }

  @Override
  public IMetricsTracker create(String poolName, PoolStats poolStats) {
    return new IMetricsTracker() {
      @Override
      public void recordConnectionCreatedMillis(long millis) {
        connectionsCreated.increment();
      }

      @Override
      public void recordConnectionAcquiredNanos(long nanos) {
        acquireWaitMicros.recordValue(
            Math.min(MAX_WAIT_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
      }

      @Override
      public void recordConnectionTimeout() {
        connectionTimeouts.increment();
      }
    };
  }
}
