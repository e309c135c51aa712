package io.bounded.actors.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bounded.actors.cache.CacheClient;
import io.bounded.actors.support.ComponentHandle;
import io.bounded.actors.support.RejectedException;
import io.bounded.config.InvalidSettingsException;
import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The README's embedding example, run as written, and the runtime's lifecycle. */
class EmbeddingExampleTest {

  @Test
  void readmeExample_startUseClose() {
    // README-BEGIN embedding
    Config config = ConfigFactory.parseString("bounded.cache.max-entries = 50000");
    try (BoundedRuntime runtime = BoundedRuntime.start(config)) {
      CacheClient cache = runtime.cacheClient();
      cache.putString("user:42", "Ada").toCompletableFuture().join();
      Optional<String> name = cache.getString("user:42").toCompletableFuture().join();
      System.out.println(name.orElse("missing")); // Ada
      ComponentStats stats = cache.stats().toCompletableFuture().join();
      System.out.println(stats.size() + " of " + stats.capacity()); // 1 of 50000
    }
    // README-END embedding
  }

  @Test
  void start_thenClose_leavesNoThreadRunning() throws InterruptedException {
    String name = "embed-close-test";
    BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.runtime.system-name = " + name));
    CacheClient cache = runtime.cacheClient();
    cache.putString("k", "v").toCompletableFuture().join();
    assertThat(cache.getString("k").toCompletableFuture().join()).contains("v");
    assertThat(threadsOf(name)).isNotEmpty();

    runtime.close();

    assertThat(runtime.system().whenTerminated().isCompleted()).isTrue();
    // Pekko shuts each dispatcher's pool down shortly after termination (its shutdown-timeout, 1s
    // by
    // default); wait for those threads to end, bounded, by joining them rather than sleeping.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<Thread> alive = threadsOf(name);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      for (Thread t : alive) {
        t.join(200);
      }
      alive = threadsOf(name);
    }
    assertThat(alive).extracting(Thread::getName).isEmpty();
    runtime.close(); // idempotent
  }

  @Test
  void stats_reportEveryComponentByName() {
    try (BoundedRuntime runtime = BoundedRuntime.start(ConfigFactory.empty())) {
      Map<String, ComponentStats> all = runtime.stats().toCompletableFuture().join();
      assertThat(all).containsKey("cache");
      assertThat(all.get("cache").capacity()).isEqualTo(10_000);
      assertThat(runtime.components()).extracting(ComponentHandle::name).contains("cache");
    }
  }

  @Test
  void start_invalidConfig_refusesNamingEveryProblem() {
    Config bad =
        ConfigFactory.parseString(
            "bounded.cache.max-entries = 0\nbounded.cache.cleanup-interval = -5s");
    assertThatThrownBy(() -> BoundedRuntime.start(bad))
        .isInstanceOf(InvalidSettingsException.class)
        .satisfies(
            e ->
                assertThat(((InvalidSettingsException) e).problems())
                    .contains(
                        "bounded.cache.max-entries must be > 0, but was 0",
                        "bounded.cache.cleanup-interval must be > 0, but was -5s"));
  }

  @Test
  void client_rejection_completesExceptionallyWithReason() {
    try (BoundedRuntime runtime = BoundedRuntime.start(ConfigFactory.empty())) {
      CacheClient cache = runtime.cacheClient();
      assertThatThrownBy(() -> cache.putString("", "v").toCompletableFuture().join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(RejectedException.class)
          .hasMessageContaining("key must not be empty");
      assertThatThrownBy(
              () ->
                  cache
                      .put("k", org.apache.pekko.util.ByteString.fromString("v"), Duration.ZERO)
                      .toCompletableFuture()
                      .join())
          .hasMessageContaining("ttl must be at least 1ms");
      assertThat(cache.getMany(List.of("a")).toCompletableFuture().join()).isEmpty();
    }
  }

  @Test
  void clientCallbacks_runOnTheRuntimeDispatcher() {
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.runtime.system-name = cb-test"))) {
      String thread =
          runtime
              .cacheClient()
              .getString("x")
              .thenApplyAsync(v -> Thread.currentThread().getName())
              .toCompletableFuture()
              .join();
      assertThat(thread).startsWith("cb-test-bounded.dispatcher");
    }
  }

  private static List<Thread> threadsOf(String systemName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(systemName + "-"))
        .toList();
  }
}
