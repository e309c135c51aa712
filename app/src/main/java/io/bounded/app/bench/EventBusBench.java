package io.bounded.app.bench;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.ConfigFactory;
import io.bounded.actors.memoizer.Memoized;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.eventbus.EventBusProtocol;
import io.bounded.protocols.memoizer.MemoizerProtocol;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The event bus and memoizer benchmark of issue 4, side by side in one JVM run:
 *
 * <ul>
 *   <li>events/s from one publisher to 1 and to 10 subscribers through the bus (batched delivery
 *       with acks, policy {@code backpressure}, so nothing is dropped and every event is counted),
 *       against a bare Pekko stream doing the same batching ({@code Source.queue → groupedWithin →
 *       sink}, one per subscriber, the producer retrying while a queue is full);
 *   <li>memoizer hits/s against a raw Caffeine {@code AsyncCache}.
 * </ul>
 *
 * <pre>{@code java -cp app/target/bounded-app.jar io.bounded.app.bench.EventBusBench [scale]}</pre>
 *
 * <p>Absolute figures move between runs on a shared machine; compare the ratios of one run.
 */
public final class EventBusBench {
  private static final int MAX_BATCH = 100;
  private static final Duration BATCH_DELAY = Duration.ofMillis(10);
  private static final int BUFFER = 256;
  private static final int IN_FLIGHT_PUBLISHES = 2;

  private final double scale;
  private final PrintStream out;
  private final ByteString payload = ByteString.fromString("{\"order\":12345,\"qty\":1}");

  private EventBusBench(double scale, PrintStream out) {
    this.scale = scale;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    new EventBusBench(scale, System.out).run();
  }

  /** The measurements without their printed detail, for {@link EventBusWorkload}. */
  static EventBusBench quiet() {
    return new EventBusBench(1.0, new PrintStream(java.io.OutputStream.nullOutputStream()));
  }

  private long n(long base) {
    return Math.max(10_000, (long) (base * scale)) / MAX_BATCH * MAX_BATCH;
  }

  void run() throws Exception {
    out.printf(
        "Bounded event bus + memoizer bench: %d cores, max heap %d MiB, Java %s, scale %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"),
        scale);
    String conf =
        "bounded.event-bus { max-batch = "
            + MAX_BATCH
            + ", max-batch-delay = "
            + BATCH_DELAY.toMillis()
            + "ms, buffer-size = "
            + BUFFER
            + " }\nbounded.runtime.system-name = bench";
    double bare1 = 0, bare10 = 0, bus1 = 0, bus10 = 0, bus1single = 0;
    double memoActor = 0, memoClient = 0, caffeine = 0, cacheClient = 0;
    try (BoundedRuntime runtime = BoundedRuntime.start(ConfigFactory.parseString(conf))) {
      for (int round = 0; round < 3; round++) {
        bare1 = bareStream(runtime.system(), 1, n(3_000_000));
        bare10 = bareStream(runtime.system(), 10, n(1_000_000));
        bus1 = bus(runtime, "one-" + round, 1, n(3_000_000), MAX_BATCH);
        bus10 = bus(runtime, "ten-" + round, 10, n(1_000_000), MAX_BATCH);
        bus1single = bus(runtime, "single-" + round, 1, n(300_000), 1);
        caffeine = caffeineHits(n(10_000_000));
        memoActor = memoizerHitsActor(runtime, round, n(2_000_000));
        memoClient = memoizerHitsClient(runtime, round, n(1_000_000));
        cacheClient = cacheClientGets(runtime, n(1_000_000));
      }
    }
    out.println();
    out.printf("%-64s %14s %8s%n", "measurement", "per second", "ratio");
    row("bare stream, 1 subscriber (queue -> groupedWithin -> sink)", bare1, null);
    row("event bus, 1 subscriber, publishes of 100 events", bus1, bus1 / bare1);
    row("event bus, 1 subscriber, publishes of 1 event", bus1single, bus1single / bare1);
    row("bare stream, 10 subscribers (events x 10 delivered)", bare10, null);
    row("event bus, 10 subscribers, publishes of 100 (x 10 delivered)", bus10, bus10 / bare10);
    out.printf("%-64s %14s %8s%n", "", "", "(vs bare; target >= 0.50)");
    row("raw Caffeine AsyncCache hit (one thread)", caffeine, null);
    row("memoizer hit, actor asks, 1,000 in flight", memoActor, memoActor / caffeine);
    row(
        "memoizer hit, Memoized.get (CompletionStage), 1,000 in flight",
        memoClient,
        memoClient / caffeine);
    row("for scale: CacheClient.get (the same edge ask path), 1,000 in flight", cacheClient, null);
  }

  private void row(String name, double perSecond, Double ratio) {
    out.printf(
        Locale.ROOT,
        "%-64s %,14.0f %8s%n",
        name,
        perSecond,
        ratio == null ? "" : String.format(Locale.ROOT, "%.3f", ratio));
  }

  // ---- bare stream

  /** Events delivered per second (over all subscribers). */
  double bareStream(ActorSystem<?> system, int subscribers, long events) throws Exception {
    Materializer mat = Materializer.matFromSystem(system);
    List<BoundedSourceQueue<ByteString>> queues = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(subscribers);
    for (int s = 0; s < subscribers; s++) {
      AtomicLong seen = new AtomicLong();
      queues.add(
          Source.<ByteString>queue(BUFFER)
              .groupedWithin(MAX_BATCH, BATCH_DELAY)
              .to(
                  Sink.foreach(
                      batch -> {
                        if (seen.addAndGet(batch.size()) == events) {
                          done.countDown();
                        }
                      }))
              .run(mat));
    }
    long start = System.nanoTime();
    for (long i = 0; i < events; i++) {
      for (BoundedSourceQueue<ByteString> q : queues) {
        // the producer waits (spinning) while the queue is full: nothing is dropped
        while (q.offer(payload) != QueueOfferResult.enqueued()) {
          // yield, not spin: on a busy 2-core machine spinning starves the stream's own thread
          Thread.yield();
        }
      }
    }
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("bare stream did not finish");
    }
    double rate = events * subscribers * 1e9 / (System.nanoTime() - start);
    queues.forEach(BoundedSourceQueue::complete);
    return rate;
  }

  // ---- the bus

  /**
   * Events delivered per second (over all subscribers): a driver actor keeps a few publishes in
   * flight and resends a publish the backpressure policy refused; subscribers ack every batch.
   */
  double bus(BoundedRuntime runtime, String topic, int subscribers, long events, int batch)
      throws Exception {
    ActorSystem<Void> system = runtime.system();
    ActorRef<EventBusProtocol.Command> bus = runtime.eventBus();
    CountDownLatch ready = new CountDownLatch(subscribers);
    CountDownLatch done = new CountDownLatch(subscribers);
    for (int s = 0; s < subscribers; s++) {
      long[] seen = {0};
      ActorRef<EventBusProtocol.Delivery> sub =
          system.systemActorOf(
              Behaviors.receiveMessage(
                  (EventBusProtocol.Delivery d) -> {
                    if (d instanceof EventBusProtocol.SubscriptionStarted st) {
                      st.ack();
                    } else if (d instanceof EventBusProtocol.EventBatch b) {
                      seen[0] += b.events().size();
                      b.ack();
                      if (seen[0] == events) {
                        done.countDown();
                        return Behaviors.stopped();
                      }
                    }
                    return Behaviors.same();
                  }),
              "bench-sub-" + topic + "-" + s,
              DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
      system.systemActorOf(
          Behaviors.<Object>setup(
              ctx -> {
                bus.tell(
                    new EventBusProtocol.Subscribe(
                        topic,
                        null,
                        EventBusProtocol.OverflowPolicy.BACKPRESSURE,
                        sub,
                        ctx.getSelf().narrow()));
                return Behaviors.receiveMessage(
                    m -> {
                      ready.countDown();
                      return Behaviors.stopped();
                    });
              }),
          "bench-subscribe-" + topic + "-" + s,
          org.apache.pekko.actor.typed.Props.empty());
    }
    if (!ready.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("subscriptions did not start");
    }
    List<ByteString> payloads = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      payloads.add(payload);
    }
    long publishes = events / batch;
    if (events % batch != 0) {
      throw new IllegalArgumentException("events must be a multiple of the batch");
    }
    CompletableFuture<Long> rejected = new CompletableFuture<>();
    long start = System.nanoTime();
    system.systemActorOf(
        Behaviors.<Object>setup(
            ctx ->
                Behaviors.withTimers(
                    unusedTimers -> {
                      long[] sent = {0};
                      long[] refusals = {0};
                      ActorRef<EventBusProtocol.PublishReply> self = ctx.getSelf().narrow();
                      for (int i = 0; i < IN_FLIGHT_PUBLISHES && sent[0] < publishes; i++) {
                        bus.tell(new EventBusProtocol.Publish(topic, payloads, self));
                        sent[0]++;
                      }
                      return Behaviors.receiveMessage(
                          reply -> {
                            if (reply instanceof EventBusProtocol.Rejected) {
                              // a backpressure subscriber is full: send it again at once (a
                              // round trip through the bus, while the subscriber drains)
                              refusals[0]++;
                              bus.tell(new EventBusProtocol.Publish(topic, payloads, self));
                            } else if (sent[0] < publishes) {
                              bus.tell(new EventBusProtocol.Publish(topic, payloads, self));
                              sent[0]++;
                            } else {
                              rejected.complete(refusals[0]);
                            }
                            return Behaviors.same();
                          });
                    })),
        "bench-publisher-" + topic,
        DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("bus bench did not finish");
    }
    double rate = publishes * batch * subscribers * 1e9 / (System.nanoTime() - start);
    out.printf(
        Locale.ROOT,
        "  bus %s: %,d events x %d subscribers, %,d publishes refused and resent%n",
        topic,
        publishes * batch,
        subscribers,
        rejected.getNow(-1L));
    return rate;
  }

  // ---- memoizer

  double caffeineHits(long ops) {
    AsyncCache<Integer, Integer> cache =
        Caffeine.newBuilder().maximumSize(1000).executor(Runnable::run).buildAsync();
    for (int i = 0; i < 1000; i++) {
      cache.get(i, k -> k * 2);
    }
    long sink = 0;
    long start = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      CompletableFuture<Integer> f = cache.get((int) (i % 1000), k -> k * 2);
      sink += f.join();
    }
    long elapsed = System.nanoTime() - start;
    if (sink == 42) {
      out.print("");
    }
    return ops * 1e9 / elapsed;
  }

  private double memoizerHitsActor(BoundedRuntime runtime, int round, long total) throws Exception {
    Memoized<Integer, Integer> m = runtime.memoize("bench-actor-" + round, (Integer k) -> k * 2);
    try {
      warm(m);
      CompletableFuture<Long> done = new CompletableFuture<>();
      ActorRef<MemoizerProtocol.Command> target = m.ref();
      long start = System.nanoTime();
      runtime
          .system()
          .systemActorOf(
              Behaviors.<MemoizerProtocol.GetReply>setup(
                  ctx -> {
                    long[] sent = {0};
                    long[] received = {0};
                    for (int i = 0; i < 1000; i++) {
                      target.tell(
                          new MemoizerProtocol.Get((int) (sent[0]++ % 1000), ctx.getSelf()));
                    }
                    return Behaviors.receiveMessage(
                        reply -> {
                          if (!(reply instanceof MemoizerProtocol.Value)) {
                            throw new IllegalStateException("not a hit: " + reply);
                          }
                          if (++received[0] == total) {
                            done.complete(System.nanoTime());
                            return Behaviors.stopped();
                          }
                          if (sent[0] < total) {
                            target.tell(
                                new MemoizerProtocol.Get((int) (sent[0]++ % 1000), ctx.getSelf()));
                          }
                          return Behaviors.same();
                        });
                  }),
              "bench-memo-driver-" + round,
              DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
      return total * 1e9 / (done.get(5, TimeUnit.MINUTES) - start);
    } finally {
      m.close();
    }
  }

  private double memoizerHitsClient(BoundedRuntime runtime, int round, long total)
      throws Exception {
    Memoized<Integer, Integer> m = runtime.memoize("bench-client-" + round, (Integer k) -> k * 2);
    try {
      warm(m);
      long start = System.nanoTime();
      List<CompletableFuture<Integer>> window = new ArrayList<>(1000);
      for (long i = 0; i < total; i++) {
        window.add(m.get((int) (i % 1000)).toCompletableFuture());
        if (window.size() == 1000) {
          CompletableFuture.allOf(window.toArray(CompletableFuture[]::new))
              .get(1, TimeUnit.MINUTES);
          window.clear();
        }
      }
      CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
      return total * 1e9 / (System.nanoTime() - start);
    } finally {
      m.close();
    }
  }

  private double cacheClientGets(BoundedRuntime runtime, long total) throws Exception {
    runtime.cacheClient().putString("k", "v").toCompletableFuture().get(1, TimeUnit.MINUTES);
    long start = System.nanoTime();
    List<CompletableFuture<?>> window = new ArrayList<>(1000);
    for (long i = 0; i < total; i++) {
      window.add(runtime.cacheClient().get("k").toCompletableFuture());
      if (window.size() == 1000) {
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        window.clear();
      }
    }
    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
    return total * 1e9 / (System.nanoTime() - start);
  }

  private static void warm(Memoized<Integer, Integer> m) throws Exception {
    for (int i = 0; i < 1000; i++) {
      m.get(i).toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }
}
