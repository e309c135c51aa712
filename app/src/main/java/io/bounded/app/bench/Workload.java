package io.bounded.app.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
  default Optional<SoakSubject> soakSubject(BoundedRuntime runtime) throws Exception {
    return Optional.empty();
  }

  /** Whether {@link #soakSubject} answers a subject: the workload's component can soak. */
  default boolean soaks() {
    return false;
  }

  /**
   * Settings the soak's runtime needs for this workload's subject, over the user's {@code config}
   * (e.g. the database on a fresh file, the gateway's listener on a free port). Called once, before
   * the runtime starts and before {@link #soakSubject}.
   */
  default Config soakConfig(Config config) throws Exception {
    return ConfigFactory.empty();
  }
}
