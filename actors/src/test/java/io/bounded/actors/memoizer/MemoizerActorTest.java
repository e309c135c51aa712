package io.bounded.actors.memoizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.Eviction;
import io.bounded.config.MemoizerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.memoizer.MemoizerProtocol.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MemoizerActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "MemoizerActorTest", ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private final TestClock clock = new TestClock();
  private final TestProbe<Reply> replies = testKit.createTestProbe(Reply.class);
  private final TestProbe<ComponentStats> stats = testKit.createTestProbe(ComponentStats.class);

  /** The async function under test: one future per call, completed by the test. */
  private final Map<Object, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();

  private final AtomicInteger calls = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static MemoizerSettings defaults() {
    return MemoizerSettings.fromConfig(ConfigFactory.defaultReference());
  }

  private ActorRef<Command> controlled(MemoizerSettings settings) {
    Function<String, CompletableFuture<Object>> f =
        key -> {
          calls.incrementAndGet();
          CompletableFuture<Object> future = new CompletableFuture<>();
          pending.put(key, future);
          return future;
        };
    return testKit.spawn(MemoizerActor.createAsync("test", settings, clock, f, new LongAdder()));
  }

  private ActorRef<Command> plain(MemoizerSettings settings, Function<String, Object> f) {
    return testKit.spawn(MemoizerActor.create("plain", settings, clock, f, new LongAdder()));
  }

  private Reply get(ActorRef<Command> m, Object key) {
    m.tell(new Get(key, replies.ref().narrow()));
    return replies.receiveMessage();
  }

  private ComponentStats stats(ActorRef<Command> m) {
    m.tell(new GetStats(stats.ref()));
    return stats.receiveMessage();
  }

  /** Completes the computation of {@code key} once the memoizer has started it. */
  private void complete(Object key, Object value) {
    replies.awaitAssert(() -> assertThat(pending).containsKey(key));
    pending.remove(key).complete(value);
  }

  @Test
  void get_missThenHit_computesOnce() {
    AtomicInteger n = new AtomicInteger();
    ActorRef<Command> m =
        plain(
            defaults(),
            k -> {
              n.incrementAndGet();
              return k + "!";
            });
    assertThat(get(m, "a")).isEqualTo(new Value("a", "a!"));
    assertThat(get(m, "a")).isEqualTo(new Value("a", "a!"));
    assertThat(n.get()).isEqualTo(1);
    ComponentStats s = stats(m);
    assertThat(s.name()).isEqualTo("memoizer-plain");
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.size()).isEqualTo(1);
  }

  @Test
  void get_100ConcurrentCallers_shareOneComputation() {
    ActorRef<Command> m = controlled(defaults());
    List<TestProbe<Reply>> callers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      TestProbe<Reply> p = testKit.createTestProbe(Reply.class);
      callers.add(p);
      m.tell(new Get("k", p.ref().narrow()));
    }
    complete("k", 42);
    for (TestProbe<Reply> p : callers) {
      assertThat(p.receiveMessage()).isEqualTo(new Value("k", 42));
    }
    assertThat(calls.get()).isEqualTo(1);
    ComponentStats s = stats(m);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.gauge("in-flight")).isZero();
    assertThat(s.gauge("waiters")).isZero();
  }

  @Test
  void get_failure_isAnsweredAndNotRemembered() {
    ActorRef<Command> m = controlled(defaults());
    m.tell(new Get("k", replies.ref().narrow()));
    replies.awaitAssert(() -> assertThat(pending).containsKey("k"));
    IllegalStateException boom = new IllegalStateException("boom");
    pending.remove("k").completeExceptionally(boom);
    assertThat(replies.receiveMessage()).isEqualTo(new Failed("k", boom));
    m.tell(new Get("k", replies.ref().narrow()));
    complete("k", "ok");
    assertThat(replies.receiveMessage()).isEqualTo(new Value("k", "ok"));
    assertThat(calls.get()).isEqualTo(2);
    assertThat(stats(m).gauge("failures")).isEqualTo(1);
  }

  @Test
  void get_plainFunctionThrows_failsWithItsException() {
    ActorRef<Command> m =
        plain(
            defaults(),
            k -> {
              throw new IllegalArgumentException("bad " + k);
            });
    Reply r = get(m, "x");
    assertThat(r).isInstanceOf(Failed.class);
    assertThat(((Failed) r).cause())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad x");
    assertThat(stats(m).size()).isZero();
  }

  @Test
  void get_failureWithNegativeTtl_isRememberedUntilItExpires() {
    ActorRef<Command> m = controlled(defaults().withNegativeTtl(Duration.ofSeconds(10)));
    m.tell(new Get("k", replies.ref().narrow()));
    replies.awaitAssert(() -> assertThat(pending).containsKey("k"));
    pending.remove("k").completeExceptionally(new IllegalStateException("boom"));
    assertThat(replies.receiveMessage()).isInstanceOf(Failed.class);
    assertThat(get(m, "k")).isInstanceOf(Failed.class);
    assertThat(calls.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    m.tell(new Get("k", replies.ref().narrow()));
    complete("k", "ok");
    assertThat(replies.receiveMessage()).isEqualTo(new Value("k", "ok"));
  }

  @Test
  void get_computationPastTimeout_failsCallersAndFreesTheSlot() {
    ActorRef<Command> m =
        controlled(defaults().withComputeTimeout(Duration.ofSeconds(5)).withMaxInFlight(1));
    m.tell(new Get("slow", replies.ref().narrow()));
    replies.awaitAssert(() -> assertThat(pending).containsKey("slow"));
    // not before compute-timeout: the sweep runs every 0.5 s and waits for one more
    manualTime.timePasses(Duration.ofMillis(4_500));
    replies.expectNoMessage(Duration.ofMillis(50));
    assertThat(stats(m).gauge("in-flight")).isEqualTo(1);
    // within 1.1 x compute-timeout
    manualTime.timePasses(Duration.ofMillis(1_000));
    Reply r = replies.receiveMessage();
    assertThat(((Failed) r).cause())
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("bounded.memoizer.compute-timeout");
    assertThat(stats(m).gauge("in-flight")).isZero();
    // the slot is free again; the late result is ignored
    pending.remove("slow").complete("late");
    m.tell(new Get("other", replies.ref().narrow()));
    complete("other", 1);
    assertThat(replies.receiveMessage()).isEqualTo(new Value("other", 1));
    assertThat(stats(m).gauge("timeouts")).isEqualTo(1);
  }

  @Test
  void get_pastMaxInFlight_isRejectedNotQueued() {
    ActorRef<Command> m = controlled(defaults().withMaxInFlight(1));
    m.tell(new Get("a", replies.ref().narrow()));
    replies.awaitAssert(() -> assertThat(pending).containsKey("a"));
    assertThat(get(m, "b"))
        .isEqualTo(
            new Rejected(
                "1 computations are already running (bounded.memoizer.max-in-flight); retry"
                    + " later"));
    // a caller of the key in flight joins it instead
    m.tell(new Get("a", replies.ref().narrow()));
    complete("a", "A");
    assertThat(replies.receiveMessage()).isEqualTo(new Value("a", "A"));
    assertThat(replies.receiveMessage()).isEqualTo(new Value("a", "A"));
    assertThat(stats(m).rejections()).isEqualTo(1);
  }

  @Test
  void get_pastMaxWaiters_isRejected() {
    ActorRef<Command> m = controlled(defaults().withMaxWaiters(2));
    m.tell(new Get("a", replies.ref().narrow()));
    m.tell(new Get("a", replies.ref().narrow()));
    Reply third = get(m, "a");
    assertThat(((Rejected) third).reason()).contains("bounded.memoizer.max-waiters");
    complete("a", 1);
    assertThat(replies.receiveMessage()).isEqualTo(new Value("a", 1));
    assertThat(replies.receiveMessage()).isEqualTo(new Value("a", 1));
  }

  @Test
  void get_capacityOne_lru_evictsPreviousResult() {
    ActorRef<Command> m = plain(defaults().withMaxEntries(1).withEviction(Eviction.LRU), k -> k);
    get(m, "a");
    get(m, "b");
    ComponentStats s = stats(m);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.evictions()).isEqualTo(1);
    assertThat(s.byCause(DropCause.SIZE)).isEqualTo(1);
    get(m, "b");
    assertThat(stats(m).hits()).isEqualTo(1);
  }

  @Test
  void get_exactlyFullThenFullPlusOne_bothPolicies_neverHoldMoreThanMaxEntries() {
    for (Eviction e : Eviction.values()) {
      ActorRef<Command> m = plain(defaults().withMaxEntries(3).withEviction(e), k -> k);
      for (int i = 0; i < 3; i++) {
        get(m, "k" + i);
      }
      assertThat(stats(m).size()).isEqualTo(3);
      assertThat(stats(m).evictions()).isZero();
      get(m, "k3");
      assertThat(stats(m).size()).isEqualTo(3);
      assertThat(stats(m).evictions()).isEqualTo(1);
    }
  }

  @Test
  void cleanupTick_resultsPastTtl_areSwept() {
    ActorRef<Command> m = plain(defaults().withTtl(Duration.ofMinutes(1)), k -> k);
    get(m, "a");
    clock.advance(Duration.ofMinutes(1));
    manualTime.timePasses(defaults().cleanupInterval());
    ComponentStats s = stats(m);
    assertThat(s.size()).isZero();
    assertThat(s.expirations()).isEqualTo(1);
  }

  @Test
  void invalidate_key_forgetsOnlyThatResult() {
    ActorRef<Command> m = plain(defaults(), k -> k);
    get(m, "a");
    get(m, "b");
    m.tell(new Invalidate("a", replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Invalidated(1));
    m.tell(new Invalidate(null, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Invalidated(1));
    assertThat(stats(m).size()).isZero();
  }

  @Test
  void stop_withCallersWaiting_answersThemRejected() {
    ActorRef<Command> m = controlled(defaults());
    m.tell(new Get("a", replies.ref().narrow()));
    replies.awaitAssert(() -> assertThat(pending).containsKey("a"));
    m.tell(Stop.INSTANCE);
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("was closed");
  }
}
