package io.bounded.actors.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.actors.cache.CacheClient;
import io.bounded.actors.database.DatabaseClient;
import io.bounded.actors.eventbus.EventBusClient;
import io.bounded.actors.memoizer.Memoized;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.taskqueue.TaskQueueClient;
import io.bounded.actors.tracer.TracerClient;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import io.bounded.protocols.cache.CacheProtocol;
import io.bounded.protocols.eventbus.EventBusProtocol;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import java.net.URI;
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
      assertThat(NonBlockingGuard.violationsInBoundedCode())
          .anyMatch(v -> v.contains("sleep") && v.contains("NonBlockingTest"));

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
      assertThat(NonBlockingGuard.violationsInBoundedCode()).isEmpty();
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
    assertThat(NonBlockingGuard.violationsInBoundedCode()).isEmpty();
  }

  @Test
  void taskQueue_tracer_ipTracker_database_neverBlock() throws Exception {
    String url = "jdbc:h2:mem:blockhound-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    TestClock clock = new TestClock();
    try (BoundedRuntime runtime =
        BoundedRuntime.start(
            ConfigFactory.parseString(
                    "bounded.database.url = \"" + url + "\"\nbounded.task-queue.max-tasks = 50")
                .withFallback(ManualTime.config()),
            clock)) {
      // task queue: in-process handlers, failures and retries, pull leases, ack, the bound
      TaskQueueClient tasks = runtime.taskQueueClient();
      tasks
          .register(
              "work",
              4,
              task ->
                  task.payload().equals("fail")
                      ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                      : CompletableFuture.completedFuture(null))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 100; i++) {
        tasks.enqueue(TaskSpec.of(i % 10 == 0 ? "fail" : "work", i % 10 == 0 ? "x" : "ok"));
        tasks.enqueue(TaskSpec.of("work", i % 7 == 0 ? "fail" : "ok"));
      }
      TaskQueueProtocol.LeaseReply leased =
          tasks
              .lease("fail", 5, Duration.ofSeconds(30))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(leased).isNotNull();
      // tracer: spans started, annotated, ended, queried
      TracerClient tracer = runtime.tracerClient();
      for (int i = 0; i < 200; i++) {
        var span = tracer.startSpan("svc", "op-" + i, SpanKind.SERVER, null, Map.of("i", i));
        tracer.addEvent(span, "event", Map.of("k", "v"));
        tracer.endSpan(span, SpanStatus.OK, "");
      }
      tracer.findTraces("svc", 10).toCompletableFuture().get(10, TimeUnit.SECONDS);
      // IP tracker: checks and failures (rate limits, bans)
      // a counting actor, not a TestProbe: a probe's queue takes a lock the guard would see
      CompletableFuture<Void> allChecked = new CompletableFuture<>();
      ActorRef<IpTrackerProtocol.CheckReply> checks =
          runtime
              .system()
              .systemActorOf(
                  countTo(300, allChecked), "checks", DispatcherSelector.defaultDispatcher());
      for (int i = 0; i < 300; i++) {
        runtime.ipTracker().tell(new IpTrackerProtocol.Check("10.0.0." + (i % 20), null, checks));
        runtime.ipTracker().tell(new IpTrackerProtocol.RecordFailure("10.0.0." + (i % 3), null));
      }
      allChecked.get(10, TimeUnit.SECONDS);
      // database: JDBC runs on its own dispatcher, never on an actor thread
      DatabaseClient db = runtime.databaseClient();
      db.update("create table t (id int primary key, v varchar(20))")
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      List<CompletableFuture<Integer>> writes = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        writes.add(
            db.write("insert into t (id, v) values (?, ?)", i, "v" + i).toCompletableFuture());
      }
      clock.advance(Duration.ofSeconds(1));
      ManualTime.get(runtime.system()).timePasses(Duration.ofSeconds(1)); // flush batch-delay
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      db.query("select count(*) as n from t").toCompletableFuture().get(30, TimeUnit.SECONDS);
      // an hour of cleanup ticks for every component
      for (int i = 0; i < 6; i++) {
        clock.advance(Duration.ofMinutes(10));
        ManualTime.get(runtime.system()).timePasses(Duration.ofMinutes(10));
      }
      runtime.stats().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(NonBlockingGuard.violationsInBoundedCode()).isEmpty();
  }

  @Test
  void eventBus_memoizer_apiGateway_neverBlock() throws Exception {
    TestClock clock = new TestClock();
    try (BoundedRuntime runtime =
        BoundedRuntime.start(
            ConfigFactory.parseString(
                    "bounded.event-bus.max-events = 200\n"
                        + "bounded.memoizer.max-entries = 50\n"
                        + "bounded.api-gateway.max-routes = 20")
                .withFallback(ManualTime.config()),
            clock)) {
      // event bus: an actor subscriber that acks every batch, publishes past max-events, replay
      EventBusClient bus = runtime.eventBusClient();
      for (int i = 0; i < 300; i++) {
        bus.publish("orders", "early-" + i).toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      CompletableFuture<Void> delivered = new CompletableFuture<>();
      ActorRef<EventBusProtocol.Delivery> subscriber =
          runtime
              .system()
              .systemActorOf(
                  ackingSubscriber(100, delivered),
                  "subscriber",
                  DispatcherSelector.defaultDispatcher());
      CompletableFuture<Void> subscribed = new CompletableFuture<>();
      runtime
          .eventBus()
          .tell(
              new EventBusProtocol.Subscribe(
                  "orders",
                  0L, // replay what is stored, then new events
                  EventBusProtocol.OverflowPolicy.DROP_OLDEST,
                  subscriber,
                  runtime
                      .system()
                      .systemActorOf(
                          countTo(1, subscribed),
                          "subscribed",
                          DispatcherSelector.defaultDispatcher())));
      subscribed.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 100; i++) {
        bus.publish("orders", "late-" + i);
        bus.publish("audit", "a-" + i);
      }
      delivered.get(10, TimeUnit.SECONDS);
      bus.read("orders", 0, null, 50).toCompletableFuture().get(10, TimeUnit.SECONDS);
      bus.subscriptions("orders").toCompletableFuture().get(10, TimeUnit.SECONDS);
      // memoizer: misses, hits, evictions past max-entries, invalidation
      Memoized<Integer, String> squares =
          runtime.memoize("squares", (Integer k) -> "sq-" + ((long) k * k));
      for (int i = 0; i < 200; i++) {
        squares.get(i % 80).toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      squares.invalidate(3).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(squares.stats().toCompletableFuture().get(10, TimeUnit.SECONDS).hits())
          .isPositive();
      // API gateway: routes past max-routes, decisions, call outcomes that open a breaker
      CompletableFuture<Void> routesPut = new CompletableFuture<>();
      ActorRef<ApiGatewayProtocol.PutRouteReply> putReplies =
          runtime
              .system()
              .systemActorOf(
                  countTo(30, routesPut), "route-replies", DispatcherSelector.defaultDispatcher());
      URI upstream = URI.create("http://127.0.0.1:9");
      for (int i = 0; i < 30; i++) {
        runtime
            .apiGateway()
            .tell(
                new ApiGatewayProtocol.PutRoute(
                    new ApiGatewayProtocol.RouteSpec(
                        "r" + i, "/r" + i, List.of(upstream), null, null, null, null, null),
                    putReplies));
      }
      routesPut.get(10, TimeUnit.SECONDS);
      CompletableFuture<Void> decided = new CompletableFuture<>();
      ActorRef<ApiGatewayProtocol.DecideReply> decisions =
          runtime
              .system()
              .systemActorOf(
                  countTo(200, decided), "decisions", DispatcherSelector.defaultDispatcher());
      for (int i = 0; i < 200; i++) {
        runtime
            .apiGateway()
            .tell(new ApiGatewayProtocol.Decide("GET", "/r" + (i % 25), null, true, 0, decisions));
        runtime
            .apiGateway()
            .tell(
                new ApiGatewayProtocol.CallFinished(
                    "r" + (i % 5),
                    upstream,
                    i % 2 == 0
                        ? ApiGatewayProtocol.Outcome.FAILURE
                        : ApiGatewayProtocol.Outcome.SUCCESS,
                    Duration.ofMillis(i)));
      }
      decided.get(10, TimeUnit.SECONDS);
      // an hour of cleanup ticks for every component
      for (int i = 0; i < 6; i++) {
        clock.advance(Duration.ofMinutes(10));
        ManualTime.get(runtime.system()).timePasses(Duration.ofMinutes(10));
      }
      runtime.stats().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(NonBlockingGuard.violations()).isEmpty();
  }

  /** Acks every delivery; completes {@code done} once {@code n} events arrived. */
  private static Behavior<EventBusProtocol.Delivery> ackingSubscriber(
      int n, CompletableFuture<Void> done) {
    long[] seen = {0};
    return Behaviors.receiveMessage(
        msg -> {
          if (msg instanceof EventBusProtocol.SubscriptionStarted started) {
            started.ack();
          } else if (msg instanceof EventBusProtocol.EventBatch batch) {
            seen[0] += batch.batch().events().size();
            if (seen[0] >= n) {
              done.complete(null);
            }
            batch.ack();
          }
          return Behaviors.same();
        });
  }

  /** Completes {@code done} once {@code n} messages arrived. */
  private static <T> Behavior<T> countTo(int n, CompletableFuture<Void> done) {
    int[] seen = {0};
    return Behaviors.receiveMessage(
        msg -> {
          if (++seen[0] == n) {
            done.complete(null);
          }
          return Behaviors.same();
        });
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
