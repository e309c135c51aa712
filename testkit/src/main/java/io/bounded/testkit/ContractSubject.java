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

  /**
   * Whether inserted items expire. A component whose items live until removed (routes, pending
   * tasks, queued writes) answers {@code false}, and the contract skips its expiry test, naming the
   * component, instead of passing it silently.
   */
  default boolean expires() {
    return true;
  }

  /**
   * Items that left the component because their work was done (a write committed), as the component
   * counts them in {@code stats}; they count as accounted for. Zero for components that only hold
   * items.
   */
  default long completed(ComponentStats stats) {
    return 0;
  }
}
