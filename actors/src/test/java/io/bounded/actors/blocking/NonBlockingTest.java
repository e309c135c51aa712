package io.bounded.actors.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.actors.cache.CacheClient;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.cache.CacheProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every component's message handlers run under BlockHound with the actor threads marked
 * non-blocking: any blocking call (sleep, file or socket I/O, a wait on a future) in a handler is
 * recorded and fails the build. Runs in its own surefire fork (tag {@code blockhound}).
 */
@Tag("blockhound")
class NonBlockingTest {

  @BeforeAll
  static void installGuard() {
    NonBlockingGuard.install();
  }

  @BeforeEach
  void reset() {
    NonBlockingGuard.reset();
  }

  @Test
  void guard_catchesABlockingHandler_butAllowsTheBlockingDispatcher() throws Exception {
    try (BoundedRuntime runtime = BoundedRuntime.start(ConfigFactory.empty())) {
      CompletableFuture<Void> onActorThread = new CompletableFuture<>();
      runtime
          .system()
          .systemActorOf(
              sleeper(onActorThread),
              "sleeper",
              DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH))
          .tell("go");
      onActorThread.get(10, TimeUnit.SECONDS);
      assertThat(NonBlockingGuard.violations()).anyMatch(v -> v.contains("sleep"));

      NonBlockingGuard.reset();
      CompletableFuture<Void> onBlockingPool = new CompletableFuture<>();
      runtime
          .system()
          .systemActorOf(
              sleeper(onBlockingPool),
              "sleeper-on-blocking-dispatcher",
              DispatcherSelector.fromConfig(RuntimeSettings.BLOCKING_DISPATCHER_PATH))
          .tell("go");
      onBlockingPool.get(10, TimeUnit.SECONDS);
      assertThat(NonBlockingGuard.violations()).isEmpty();
    }
  }

  @Test
  void cache_everyOperationAndTheCleanupTick_neverBlock() throws Exception {
    TestClock clock = new TestClock();
    try (BoundedRuntime runtime =
        BoundedRuntime.start(
            ConfigFactory.parseString(
                    "bounded.cache.max-entries = 100\nbounded.cache.mailbox-capacity = 64")
                .withFallback(ManualTime.config()),
            clock)) {
      CacheClient cache = runtime.cacheClient();
      ByteString v = ByteString.fromString("value");
      for (int i = 0; i < 500; i++) {
        cache.put("k" + i, v, Duration.ofSeconds(1 + i % 5)).toCompletableFuture().join();
        cache.get("k" + (i / 2)).toCompletableFuture().join();
      }
      cache.putIfAbsent("k1", v, null).toCompletableFuture().join();
      cache.getMany(List.of("k1", "k2", "x")).toCompletableFuture().join();
      cache.putMany(Map.of("a", v, "b", v), null).toCompletableFuture().join();
      cache.remove("a").toCompletableFuture().join();
      // overflow the bounded inbox: the monitor answers and counts on actor threads too
      ActorRef<CacheProtocol.Command> ref = runtime.cache();
      for (int i = 0; i < 5_000; i++) {
        ref.tell(CacheProtocol.Put.of("flood" + (i % 50), v));
      }
      clock.advance(Duration.ofMinutes(30));
      ManualTime.get(runtime.system()).timePasses(runtime.settings().cache().cleanupInterval());
      assertThat(cache.stats().toCompletableFuture().get(10, TimeUnit.SECONDS).cleanupRuns())
          .isPositive();
      cache.clear().toCompletableFuture().join();
    }
    assertThat(NonBlockingGuard.violations()).isEmpty();
  }

  private static Behavior<String> sleeper(CompletableFuture<Void> done) {
    return Behaviors.receiveMessage(
        msg -> {
          try {
            Thread.sleep(1); // deliberately blocking: the guard must see it
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            done.complete(null);
          }
          return Behaviors.same();
        });
  }
}
