package io.bounded.app.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.LruMap;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.cache.CacheProtocol;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;

/**
 * The cache benchmark of the spine issue: raw maps, a bare Pekko ping-pong, and the cache actor,
 * side by side in one JVM run, printed as a table with ratios. Run it from the shaded jar:
 *
 * <pre>{@code java -cp app/target/bounded-app.jar io.bounded.app.bench.CacheBench [scale]}</pre>
 *
 * <p>{@code scale} (default 1.0) multiplies every operation count. Absolute figures move between
 * runs on a shared machine; compare the ratios of one run.
 */
public final class CacheBench {
  private static final int CAPACITY = 10_000;
  private static final int KEYS = 2 * CAPACITY; // twice the capacity: half of the puts evict
  private static final int IN_FLIGHT = 1_000;
  private static final int WINDOW =
      5_000; // tell-only puts between syncs, below the 10,000-message inbox

  private final String[] keys = new String[KEYS];
  private final ByteString value = ByteString.fromString("0123456789abcdef0123456789abcdef");
  private final double scale;
  private final PrintStream out;

  private CacheBench(double scale, PrintStream out) {
    this.scale = scale;
    this.out = out;
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + i;
    }
  }

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    new CacheBench(scale, System.out).run();
  }

  private long n(long base) {
    return Math.max(1_000, (long) (base * scale));
  }

  /** Runs every measurement; returns nothing but prints the table. */
  public void run() throws Exception {
    out.printf(
        "Bounded cache bench: %d cores, max heap %d MiB, Java %s, scale %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"),
        scale);
    // Warm up everything once, then measure.
    double lruGets = 0, lruPuts = 0, cafGets = 0, cafPuts = 0;
    for (int round = 0; round < 2; round++) {
      lruGets = rawLruGets(n(20_000_000));
      lruPuts = rawLruPuts(n(10_000_000));
      cafGets = rawCaffeineGets(n(10_000_000));
      cafPuts = rawCaffeinePuts(n(5_000_000));
    }
    double pingPong;
    double cacheAsks;
    double cachePuts;
    double bareTells;
    Histogram rtt;
    try (BoundedRuntime runtime = BoundedRuntime.start()) {
      ActorSystem<Void> system = runtime.system();
      ActorRef<CacheProtocol.Command> cache = runtime.cache();
      ActorRef<Ping> echo =
          system.systemActorOf(
              echo(), "bench-echo", DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
      ActorRef<Object> sink =
          system.systemActorOf(
              sink(),
              "bench-sink",
              MailboxSelector.bounded(2 * WINDOW)
                  .withDispatcherFromConfig(RuntimeSettings.DISPATCHER_PATH));
      fill(runtime);
      pingPong = 0;
      cacheAsks = 0;
      cachePuts = 0;
      bareTells = 0;
      for (int round = 0; round < 3; round++) {
        bareTells = tellFlood(system, sink, n(5_000_000));
        pingPong = inFlight(system, "ping", n(3_000_000), (self, i) -> new Ping(self), echo);
        cacheAsks =
            inFlight(
                system,
                "get",
                n(3_000_000),
                (self, i) -> new CacheProtocol.Get(keys[(int) (i % CAPACITY)], self.narrow()),
                cache);
        cachePuts = tellPuts(runtime, n(5_000_000));
      }
      rtt = oneAtATime(runtime, n(20_000), n(100_000));
    }
    out.println();
    out.printf("%-52s %14s %10s%n", "measurement", "ops/s", "ratio");
    row("raw LruMap get (10k entries)", lruGets, null);
    row("raw LruMap evicting put", lruPuts, null);
    row("raw Caffeine get (same-thread executor)", cafGets, null);
    row("raw Caffeine evicting put", cafPuts, null);
    row("bare Pekko ping-pong, 1,000 in flight", pingPong, null);
    row("cache actor Get, 1,000 in flight", cacheAsks, cacheAsks / pingPong);
    out.printf("%-52s %14s %10s%n", "", "", "(vs ping-pong; target >= 0.50)");
    row("bare Pekko tell flood into a no-op actor", bareTells, null);
    row("cache actor tell-only Put (evicting)", cachePuts, cachePuts / lruPuts);
    out.printf("%-52s %14s %10s%n", "", "", "(vs raw LruMap put; target >= 0.40)");
    out.printf(
        Locale.ROOT, "%-52s %14s %10.2f%n", "", "(vs no-op tell flood)", cachePuts / bareTells);
    out.println();
    out.printf(
        "cache actor one-at-a-time ask round trip (%d samples): p50 %.1f us, p99 %.1f us,"
            + " p99.9 %.1f us, max %.1f us (target p99 <= 150 us)%n",
        rtt.getTotalCount(),
        rtt.getValueAtPercentile(50) / 1000.0,
        rtt.getValueAtPercentile(99) / 1000.0,
        rtt.getValueAtPercentile(99.9) / 1000.0,
        rtt.getMaxValue() / 1000.0);
  }

  private void row(String name, double opsPerSec, Double ratio) {
    out.printf(
        Locale.ROOT,
        "%-52s %,14.0f %10s%n",
        name,
        opsPerSec,
        ratio == null ? "" : String.format(Locale.ROOT, "%.2f", ratio));
  }

  // ---- raw maps

  private double rawLruGets(long ops) {
    LruMap<String, ByteString> map = new LruMap<>(CAPACITY, (k, v) -> {});
    for (int i = 0; i < CAPACITY; i++) {
      map.put(keys[i], value);
    }
    long hits = 0;
    long start = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      if (map.get(keys[(int) (i % CAPACITY)]) != null) {
        hits++;
      }
    }
    return rate(ops, start, hits);
  }

  private double rawLruPuts(long ops) {
    long[] evicted = {0};
    LruMap<String, ByteString> map = new LruMap<>(CAPACITY, (k, v) -> evicted[0]++);
    long start = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      map.put(keys[(int) (i % KEYS)], value);
    }
    return rate(ops, start, evicted[0]);
  }

  private double rawCaffeineGets(long ops) {
    Cache<String, ByteString> cache =
        Caffeine.newBuilder().maximumSize(CAPACITY).executor(Runnable::run).build();
    for (int i = 0; i < CAPACITY; i++) {
      cache.put(keys[i], value);
    }
    long hits = 0;
    long start = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      if (cache.getIfPresent(keys[(int) (i % CAPACITY)]) != null) {
        hits++;
      }
    }
    return rate(ops, start, hits);
  }

  private double rawCaffeinePuts(long ops) {
    Cache<String, ByteString> cache =
        Caffeine.newBuilder().maximumSize(CAPACITY).executor(Runnable::run).build();
    long start = System.nanoTime();
    for (long i = 0; i < ops; i++) {
      cache.put(keys[(int) (i % KEYS)], value);
    }
    return rate(ops, start, cache.estimatedSize());
  }

  private static double rate(long ops, long startNanos, long sink) {
    long elapsed = System.nanoTime() - startNanos;
    if (sink == Long.MIN_VALUE) {
      System.out.print(""); // keeps the loop's result alive
    }
    return ops * 1e9 / elapsed;
  }

  // ---- actors

  /** The bare request of the ping-pong. */
  record Ping(ActorRef<Object> replyTo) {}

  /** Synchronises a tell flood: the sink answers it once everything before it was handled. */
  record Sync(ActorRef<Boolean> replyTo) {}

  private static Behavior<Object> sink() {
    return Behaviors.receiveMessage(
        msg -> {
          if (msg instanceof Sync sync) {
            sync.replyTo().tell(Boolean.TRUE);
          }
          return Behaviors.same();
        });
  }

  /**
   * Tells {@code total} messages to a no-op actor, {@link #WINDOW} at a time: the ceiling for
   * tells.
   */
  private double tellFlood(ActorSystem<Void> system, ActorRef<Object> sink, long total)
      throws Exception {
    Object message = new Object();
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      sink.tell(message);
      if (i % WINDOW == WINDOW - 1 || i == total - 1) {
        AskPattern.<Object, Boolean>ask(sink, Sync::new, Duration.ofMinutes(1), system.scheduler())
            .toCompletableFuture()
            .get(1, TimeUnit.MINUTES);
      }
    }
    return total * 1e9 / (System.nanoTime() - start);
  }

  private static Behavior<Ping> echo() {
    return Behaviors.receive(Ping.class)
        .onMessage(
            Ping.class,
            ping -> {
              ping.replyTo().tell(Boolean.TRUE);
              return Behaviors.same();
            })
        .build();
  }

  /**
   * Keeps {@link #IN_FLIGHT} requests outstanding against {@code target} until {@code total}
   * replies arrived; answers requests per second.
   */
  private <T> double inFlight(
      ActorSystem<Void> system,
      String name,
      long total,
      BiFunction<ActorRef<Object>, Long, T> request,
      ActorRef<T> target)
      throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    long start = System.nanoTime();
    system.systemActorOf(
        Behaviors.<Object>setup(
            ctx -> {
              long[] sent = {0};
              long[] received = {0};
              for (int i = 0; i < IN_FLIGHT && sent[0] < total; i++) {
                target.tell(request.apply(ctx.getSelf(), sent[0]++));
              }
              return Behaviors.receiveMessage(
                  reply -> {
                    received[0]++;
                    if (sent[0] < total) {
                      target.tell(request.apply(ctx.getSelf(), sent[0]++));
                    }
                    if (received[0] == total) {
                      done.complete(System.nanoTime());
                      return Behaviors.stopped();
                    }
                    return Behaviors.same();
                  });
            }),
        "bench-driver-" + name + "-" + System.nanoTime(),
        DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
    long end = done.get(5, TimeUnit.MINUTES);
    return total * 1e9 / (end - start);
  }

  private void fill(BoundedRuntime runtime) throws Exception {
    for (int i = 0; i < CAPACITY; i++) {
      runtime.cache().tell(CacheProtocol.Put.of(keys[i], value));
      if (i % WINDOW == WINDOW - 1) {
        runtime.cacheClient().stats().toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
    }
    ComponentStats s = runtime.cacheClient().stats().toCompletableFuture().get(1, TimeUnit.MINUTES);
    if (s.size() != CAPACITY) {
      throw new IllegalStateException("cache not filled: " + s.size());
    }
  }

  /** Tell-only puts, {@link #WINDOW} at a time with a stats round trip between windows. */
  private double tellPuts(BoundedRuntime runtime, long total) throws Exception {
    ActorRef<CacheProtocol.Command> cache = runtime.cache();
    long before =
        runtime.cacheClient().stats().toCompletableFuture().get(1, TimeUnit.MINUTES).inserts();
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      cache.tell(CacheProtocol.Put.of(keys[(int) (i % KEYS)], value));
      if (i % WINDOW == WINDOW - 1) {
        runtime.cacheClient().stats().toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
    }
    ComponentStats s = runtime.cacheClient().stats().toCompletableFuture().get(1, TimeUnit.MINUTES);
    long elapsed = System.nanoTime() - start;
    if (s.inserts() - before != total) {
      throw new IllegalStateException(
          "lost puts: sent " + total + ", applied " + (s.inserts() - before));
    }
    return total * 1e9 / elapsed;
  }

  private Histogram oneAtATime(BoundedRuntime runtime, long warmup, long samples) throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    ActorRef<CacheProtocol.Command> cache = runtime.cache();
    Duration timeout = Duration.ofSeconds(5);
    for (long i = 0; i < warmup + samples; i++) {
      String key = keys[(int) (i % CAPACITY)];
      long t0 = System.nanoTime();
      AskPattern.<CacheProtocol.Command, CacheProtocol.GetReply>ask(
              cache, r -> new CacheProtocol.Get(key, r), timeout, runtime.system().scheduler())
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      long t1 = System.nanoTime();
      if (i >= warmup) {
        h.recordValue(t1 - t0);
      }
    }
    return h;
  }
}
