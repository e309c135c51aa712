package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import java.util.List;
import java.util.Optional;

/**
 * One component's standard benchmark for {@code bounded bench}: the component measured side by side
 * with a baseline doing the same work without Bounded, in the same JVM run. Each component adds one
 * implementation and one line in {@link Workloads#all()}.
 *
 * <p>A workload runs on the bench's main thread (never an actor thread); it may start actors of its
 * own for the measurement (drivers that keep requests in flight) and stops them before it returns.
 */
public interface Workload {
  /** The name {@code --components} selects it by, e.g. {@code cache}. */
  String name();

  /** One line saying what is measured against what. */
  String description();

  /** How many measurements {@link #run} makes (each warmed up, then measured), for the estimate. */
  int measurements();

  /**
   * Warms up and measures every row through {@link BenchContext#measure}: the component's rows
   * carry their ratio to a baseline row measured in the same run.
   */
  List<Row> run(BenchContext context) throws Exception;

  /**
   * The heap-over-time comparison for {@code heap.svg}: the component under a flood of distinct
   * keys, and the same flood into an unbounded {@code HashMap}. Empty when the workload has none.
   */
  default Optional<HeapProbe> heapProbe() {
    return Optional.empty();
  }

  /**
   * What {@code bench --soak} drives on {@code runtime}: a flood of 100 × capacity distinct keys
   * with stats to check the bound. Empty when the workload is not a component of the runtime.
   */
  default Optional<SoakSubject> soakSubject(BoundedRuntime runtime) {
    return Optional.empty();
  }
}
