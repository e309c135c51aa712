package io.bounded.app.bench;

import java.util.Objects;

/**
 * One line of the bench table: a measurement and, for a component's row, the baseline it is
 * compared with.
 *
 * @param workload the workload that produced it ({@code cache}, {@code http-cache}, …)
 * @param measurement what was measured
 * @param baseline the label of the baseline row this one is compared with, or null for a baseline
 *     row itself
 * @param ratio this row's ops/s divided by the baseline's, or null for a baseline row
 */
public record Row(String workload, Measurement measurement, String baseline, Double ratio) {
  public Row {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(measurement, "measurement");
  }

  /** A baseline row. */
  public static Row baseline(String workload, Measurement m) {
    return new Row(workload, m, null, null);
  }

  /** A component row compared with {@code baseline}. */
  public static Row compared(String workload, Measurement m, Measurement baseline) {
    double base = baseline.opsPerSecond();
    return new Row(workload, m, baseline.label(), base > 0 ? m.opsPerSecond() / base : null);
  }

  /** Whether this row measures a baseline rather than Bounded. */
  public boolean isBaseline() {
    return baseline == null;
  }
}
