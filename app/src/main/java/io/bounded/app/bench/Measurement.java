package io.bounded.app.bench;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * One measured run: how many operations completed in how long, their latency, and the highest heap
 * use seen while it ran.
 *
 * @param label what was measured, e.g. {@code "cache Get (ask, 1,000 in flight)"}
 * @param ops operations completed in the measured window (warm-up excluded)
 * @param elapsedNanos length of the measured window
 * @param latency latency percentiles, or null where a single operation has no observable latency (a
 *     tell has no reply)
 * @param peakHeapBytes the highest heap use sampled during the window, -1 when not sampled
 */
public record Measurement(
    String label, long ops, long elapsedNanos, Latency latency, long peakHeapBytes) {
  public Measurement {
    Objects.requireNonNull(label, "label");
  }

  /** Operations per second. */
  public double opsPerSecond() {
    return elapsedNanos <= 0 ? 0 : ops * 1e9 / elapsedNanos;
  }

  /**
   * Latency percentiles in nanoseconds.
   *
   * @param samples how many operations were timed (the raw-map loops time one in {@link
   *     Workloads#SAMPLE_EVERY})
   */
  public record Latency(long samples, long p50Nanos, long p99Nanos, long p999Nanos, long maxNanos) {
    /** The percentiles of {@code h}, or null when it is empty. */
    public static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return null;
      }
      return new Latency(
          h.getTotalCount(),
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue());
    }
  }
}
