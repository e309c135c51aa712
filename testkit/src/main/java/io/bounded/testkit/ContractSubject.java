package io.bounded.testkit;

import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A component as {@link BoundedComponentContract} drives it: how to insert the i-th distinct item,
 * how to read its stats, and how long an item lives.
 */
public interface ContractSubject {

  /**
   * Inserts the {@code i}-th distinct item (a new key, event, task, span…) and completes when the
   * component answered, whatever it answered: an insert past the bound may evict or be rejected.
   */
  CompletionStage<?> insert(int i);

  /** The component's stats. */
  CompletionStage<ComponentStats> stats();

  /** How long an inserted item lives before it counts as expired (its TTL or the retention). */
  Duration expiry();

  /** The component's cleanup interval. */
  Duration cleanupInterval();
}
