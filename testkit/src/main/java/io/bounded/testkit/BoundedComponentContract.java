package io.bounded.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bound-conformance contract every component passes, and any user can run on their own
 * configuration: implement it in a test class that registers a {@link BoundedRuntimeExtension} and
 * says how to drive the component ({@link #subject()}), and JUnit runs these tests on it.
 *
 * <ul>
 *   <li>a flood of {@link #floodFactor()} × capacity distinct inserts never takes size above
 *       capacity;
 *   <li>every insert past the bound is accounted for: evicted, expired, rejected or dropped
 *       (counted), or done ({@link ContractSubject#completed});
 *   <li>hours of cleanup ticks later, expired data is gone within one tick of expiring (skipped, by
 *       name, for a component whose items never expire: {@link ContractSubject#expires}).
 * </ul>
 */
public interface BoundedComponentContract {

  /** The runtime the component runs in (a registered {@link BoundedRuntimeExtension}). */
  BoundedRuntimeExtension bounded();

  /** How to drive the component under test. */
  ContractSubject subject();

  /** Inserts per unit of capacity in the flood. */
  default int floodFactor() {
    return 10;
  }

  private static ComponentStats await(ContractSubject subject) throws Exception {
    return subject.stats().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  default void contract_floodOfDistinctInserts_sizeNeverExceedsCapacity() throws Exception {
    ContractSubject subject = subject();
    long capacity = await(subject).capacity();
    assertThat(capacity).as("capacity").isPositive();
    long inserts = floodFactor() * capacity;
    long sampleEvery = Math.max(1, capacity / 100);
    for (int i = 0; i < inserts; i++) {
      subject.insert(i).toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (i % sampleEvery == 0 || i == inserts - 1) {
        ComponentStats s = await(subject);
        assertThat(s.size()).as("size after %d inserts", i + 1).isLessThanOrEqualTo(capacity);
      }
    }
  }

  @Test
  default void contract_insertsPastTheBound_areAllAccountedFor() throws Exception {
    ContractSubject subject = subject();
    ComponentStats before = await(subject);
    long capacity = before.capacity();
    long inserts = floodFactor() * capacity;
    for (int i = 0; i < inserts; i++) {
      subject.insert(i).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    ComponentStats after = await(subject);
    long accounted =
        (after.size() - before.size())
            + (after.evictions() - before.evictions())
            + (after.expirations() - before.expirations())
            + (after.rejections() - before.rejections())
            + (after.drops() - before.drops())
            + (subject.completed(after) - subject.completed(before));
    assertThat(after.size()).isLessThanOrEqualTo(capacity);
    // nothing vanished: every insert is still held, or was counted as it left or was refused
    assertThat(accounted)
        .as("held + evicted + expired + rejected + dropped + completed")
        .isGreaterThanOrEqualTo(inserts);
  }

  @Test
  default void contract_hoursOfTicks_expiredDataGoneWithinOneTick() throws Exception {
    ContractSubject subject = subject();
    assumeTrue(
        subject.expires(),
        () ->
            subject.stats().toCompletableFuture().join().name()
                + ": its items never expire, so there is no expiry to test");
    long capacity = await(subject).capacity();
    for (int i = 0; i < capacity; i++) {
      subject.insert(i).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    assertThat(await(subject).size()).isPositive();
    Duration tick = subject.cleanupInterval();
    long expiredAfterTicks = subject.expiry().toMillis() / tick.toMillis() + 1;
    // move tick by tick: a component must survive every tick, not only the last
    for (long t = 0; t < expiredAfterTicks; t++) {
      bounded().timePasses(tick);
      assertThat(await(subject).size()).isLessThanOrEqualTo(capacity);
    }
    ComponentStats s = await(subject);
    assertThat(s.size()).as("size one tick after every item expired").isZero();
    assertThat(s.cleanupFailures()).isZero();
    // and hours more of ticks leave it healthy
    for (int t = 0; t < 12; t++) {
      bounded().timePasses(tick);
    }
    ComponentStats later = await(subject);
    assertThat(later.cleanupRuns()).isGreaterThan(s.cleanupRuns());
    assertThat(later.cleanupFailures()).isZero();
  }
}
