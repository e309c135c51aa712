package io.bounded.actors.memoizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.ComponentHandle;
import io.bounded.protocols.ComponentStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedding API: {@code runtime.memoize(...)}, over a real runtime. */
class MemoizedRuntimeTest {
  static BoundedRuntime runtime;

  @BeforeAll
  static void start() {
    runtime =
        BoundedRuntime.start(
            ConfigFactory.parseString(
                "bounded.runtime.system-name = MemoizedRuntimeTest\n"
                    + "bounded.memoizer.max-memoizers = 2"));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void memoize_100ConcurrentCallersOfABlockingFunction_runItOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (Memoized<String, Integer> m =
        runtime.memoize(
            "blocking",
            (String k) -> {
              calls.incrementAndGet();
              try {
                // blocking is allowed: plain functions run on bounded.blocking-dispatcher
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return k.length();
            })) {
      List<CompletableFuture<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        results.add(m.get("hello").toCompletableFuture());
      }
      // every call has reached the memoizer and joined the one flight before the function returns
      m.stats()
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS); // stats are answered after the 100 gets
      ComponentStats s = m.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(s.gauge("waiters")).isEqualTo(100);
      release.countDown();
      for (CompletableFuture<Integer> r : results) {
        assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo(5);
      }
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  @Test
  void memoize_functionFails_stageFailsWithItsException() {
    try (Memoized<String, String> m =
        runtime.memoize(
            "failing",
            (String k) -> {
              throw new IllegalStateException("no " + k);
            })) {
      assertThatThrownBy(() -> m.get("x").toCompletableFuture().join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("no x");
    }
  }

  @Test
  void memoize_registersForStatsAndCloseFreesTheSlot() throws Exception {
    Memoized<Integer, Integer> a = runtime.memoize("a", (Integer k) -> k * 2);
    Memoized<Integer, Integer> b = runtime.memoize("b", (Integer k) -> k * 3);
    try {
      assertThat(a.get(21).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(runtime.components()).extracting(ComponentHandle::name).contains("memoizer-a");
      Map<String, ComponentStats> all =
          runtime.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(all.get("memoizer-a").misses()).isEqualTo(1);
      assertThatThrownBy(() -> runtime.memoize("c", (Integer k) -> k))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("bounded.memoizer.max-memoizers");
      b.close();
      assertThat(runtime.components())
          .extracting(ComponentHandle::name)
          .doesNotContain("memoizer-b");
      runtime.memoize("b", (Integer k) -> k).close(); // the name and the slot are free again
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void memoize_badOrTakenName_isRefused() {
    assertThatThrownBy(() -> runtime.memoize("has space", (String k) -> k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("letters, digits");
    try (Memoized<String, String> m = runtime.memoize("taken", (String k) -> k)) {
      assertThatThrownBy(() -> runtime.memoize("taken", (String k) -> k))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exists");
    }
  }
}
