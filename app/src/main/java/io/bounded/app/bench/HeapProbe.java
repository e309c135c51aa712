package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import java.util.function.BooleanSupplier;

/**
 * The two halves of a heap-over-time chart: the same flood of distinct keys into a bounded
 * component and into an unbounded {@code HashMap}. Both run on the calling (plain) thread until
 * {@code stop} says so.
 */
public interface HeapProbe {
  /** The legend of the bounded line, e.g. {@code "cache actor (max-entries 10,000)"}. */
  String boundedLabel();

  /** The legend of the unbounded line. */
  String unboundedLabel();

  /**
   * Inserts distinct keys into the component until {@code stop} is true.
   *
   * @return how many were inserted
   */
  long floodBounded(BoundedRuntime runtime, BooleanSupplier stop) throws Exception;

  /**
   * Inserts the same distinct keys into an unbounded map until {@code stop} is true; the map is
   * dropped when it returns.
   *
   * @return how many were inserted
   */
  long floodUnbounded(BooleanSupplier stop);
}
