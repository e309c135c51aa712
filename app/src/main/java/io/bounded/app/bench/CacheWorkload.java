package io.bounded.app.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bounded.actors.cache.CacheActor;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.LruMap;
import io.bounded.config.CacheSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.cache.CacheProtocol;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * The cache's standard workload, on the configured {@code bounded.cache} settings:
 *
 * <ul>
 *   <li>{@code Get} asks with {@link #IN_FLIGHT} requests outstanding, over a full cache (every get
 *       hits), against a raw {@link LruMap} and a raw Caffeine cache doing the same gets on one
 *       thread;
 *   <li>evicting {@code Put}s as tells (the fire-and-forget path), {@link #WINDOW} at a time with a
 *       stats round trip between windows so the inbox never overflows, over twice the capacity of
 *       keys (half the puts evict), against the raw maps' evicting puts.
 * </ul>
 *
 * <p>The raw maps run without the actor's per-message cost: the ratio says what the actor, its
 * mailbox and its bookkeeping cost over the bare data structure. The raw loops time one operation
 * in {@link Workloads#SAMPLE_EVERY} (timing each would cost more than the operation).
 */
final class CacheWorkload implements Workload {
  /** Requests kept outstanding by the ask driver (capped at half the inbox). */
  static final int IN_FLIGHT = 1_000;

  /** Tells between two stats round trips (capped at half the inbox). */
  static final int WINDOW = 5_000;

  /** Most distinct keys the throughput rows cycle through, to keep the key table small. */
  static final int MAX_KEYS = 2_000_000;

  /** Every value of the throughput rows: 32 bytes, shared. */
  private static final ByteString VALUE = ByteString.fromString("0123456789abcdef0123456789abcdef");

  @Override
  public String name() {
    return "cache";
  }

  @Override
  public String description() {
    return "cache actor Get (ask) and evicting Put (tell) vs raw LruMap and raw Caffeine";
  }

  @Override
  public int measurements() {
    return 6;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    BoundedRuntime runtime = ctx.runtime();
    CacheSettings settings = runtime.settings().cache();
    int capacity = settings.maxEntries();
    String[] keys = keys((int) Math.min(MAX_KEYS, 2L * capacity));
    int full = Math.min(capacity, keys.length);
    int inFlight = Math.max(1, Math.min(IN_FLIGHT, settings.mailboxCapacity() / 2));
    int window = Math.max(1, Math.min(WINDOW, settings.mailboxCapacity() / 2));

    Measurement lruGet =
        ctx.measure("raw LruMap get", true, (deadline, h) -> lruGets(keys, full, deadline, h));
    Measurement caffeineGet =
        ctx.measure(
            "raw Caffeine get", true, (deadline, h) -> caffeineGets(keys, full, deadline, h));
    fill(runtime, keys, full, window);
    Measurement cacheGet =
        ctx.measure(
            String.format(Locale.ROOT, "cache Get (ask, %,d in flight)", inFlight),
            true,
            (deadline, h) ->
                InFlightDriver.run(
                    runtime.system(),
                    runtime.cache(),
                    (self, i) -> new CacheProtocol.Get(keys[(int) (i % full)], self.narrow()),
                    inFlight,
                    deadline,
                    h));

    Measurement lruPut =
        ctx.measure(
            "raw LruMap evicting put", true, (deadline, h) -> lruPuts(keys, full, deadline, h));
    Measurement caffeinePut =
        ctx.measure(
            "raw Caffeine evicting put",
            true,
            (deadline, h) -> caffeinePuts(keys, full, deadline, h));
    Measurement cachePut =
        ctx.measure(
            "cache Put (tell, evicting)",
            false,
            (deadline, h) -> tellPuts(runtime, keys, window, deadline));

    return List.of(
        Row.compared(name(), cacheGet, lruGet),
        Row.baseline(name(), lruGet),
        Row.baseline(name(), caffeineGet),
        Row.compared(name(), cachePut, lruPut),
        Row.baseline(name(), lruPut),
        Row.baseline(name(), caffeinePut));
  }

  @Override
  public Optional<HeapProbe> heapProbe() {
    return Optional.of(new CacheHeapProbe());
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) {
    return Optional.of(new CacheSoak(runtime));
  }

  @Override
  public boolean soaks() {
    return true;
  }

  private static String[] keys(int n) {
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = "key-" + i;
    }
    return keys;
  }

  // ---- raw baselines: one thread, no actor

  private static long lruGets(String[] keys, int full, long deadline, Histogram h) {
    LruMap<String, ByteString> map = new LruMap<>(full, (k, v) -> {});
    for (int i = 0; i < full; i++) {
      map.put(keys[i], VALUE);
    }
    long ops = 0;
    long hits = 0;
    while (System.nanoTime() - deadline < 0) {
      for (int j = 0; j < Workloads.SAMPLE_EVERY - 1; j++, ops++) {
        if (map.get(keys[(int) (ops % full)]) != null) {
          hits++;
        }
      }
      long t0 = System.nanoTime();
      if (map.get(keys[(int) (ops % full)]) != null) {
        hits++;
      }
      BenchContext.record(h, System.nanoTime() - t0);
      ops++;
    }
    return Workloads.keep(ops, hits);
  }

  private static long lruPuts(String[] keys, int full, long deadline, Histogram h) {
    long[] evicted = {0};
    LruMap<String, ByteString> map = new LruMap<>(full, (k, v) -> evicted[0]++);
    long ops = 0;
    while (System.nanoTime() - deadline < 0) {
      for (int j = 0; j < Workloads.SAMPLE_EVERY - 1; j++, ops++) {
        map.put(keys[(int) (ops % keys.length)], VALUE);
      }
      long t0 = System.nanoTime();
      map.put(keys[(int) (ops % keys.length)], VALUE);
      BenchContext.record(h, System.nanoTime() - t0);
      ops++;
    }
    return Workloads.keep(ops, evicted[0]);
  }

  private static Cache<String, ByteString> caffeine(int capacity) {
    // same-thread maintenance: a fair single-threaded comparison, and no common-pool tasks
    return Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
  }

  private static long caffeineGets(String[] keys, int full, long deadline, Histogram h) {
    Cache<String, ByteString> cache = caffeine(full);
    for (int i = 0; i < full; i++) {
      cache.put(keys[i], VALUE);
    }
    long ops = 0;
    long hits = 0;
    while (System.nanoTime() - deadline < 0) {
      for (int j = 0; j < Workloads.SAMPLE_EVERY - 1; j++, ops++) {
        if (cache.getIfPresent(keys[(int) (ops % full)]) != null) {
          hits++;
        }
      }
      long t0 = System.nanoTime();
      if (cache.getIfPresent(keys[(int) (ops % full)]) != null) {
        hits++;
      }
      BenchContext.record(h, System.nanoTime() - t0);
      ops++;
    }
    return Workloads.keep(ops, hits);
  }

  private static long caffeinePuts(String[] keys, int full, long deadline, Histogram h) {
    Cache<String, ByteString> cache = caffeine(full);
    long ops = 0;
    while (System.nanoTime() - deadline < 0) {
      for (int j = 0; j < Workloads.SAMPLE_EVERY - 1; j++, ops++) {
        cache.put(keys[(int) (ops % keys.length)], VALUE);
      }
      long t0 = System.nanoTime();
      cache.put(keys[(int) (ops % keys.length)], VALUE);
      BenchContext.record(h, System.nanoTime() - t0);
      ops++;
    }
    return Workloads.keep(ops, cache.estimatedSize());
  }

  // ---- the cache actor

  private static ComponentStats stats(BoundedRuntime runtime) throws Exception {
    return runtime
        .cacheClient()
        .stats()
        .toCompletableFuture()
        .get(runtime.settings().runtime().askTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
  }

  /** Puts the first {@code full} keys, so that every timed get hits. */
  private static void fill(BoundedRuntime runtime, String[] keys, int full, int window)
      throws Exception {
    ActorRef<CacheProtocol.Command> cache = runtime.cache();
    for (int i = 0; i < full; i++) {
      cache.tell(CacheProtocol.Put.of(keys[i], VALUE));
      if (i % window == window - 1) {
        stats(runtime);
      }
    }
    ComponentStats s = stats(runtime);
    if (s.size() < full) {
      throw new IllegalStateException(
          "the cache did not fill: " + s.size() + " of " + full + " entries");
    }
  }

  /**
   * Tell-only puts, {@code window} at a time with a stats round trip between windows; fails when
   * the cache applied fewer puts than were sent.
   */
  private static long tellPuts(BoundedRuntime runtime, String[] keys, int window, long deadline)
      throws Exception {
    ActorRef<CacheProtocol.Command> cache = runtime.cache();
    long before = stats(runtime).inserts();
    long ops = 0;
    while (System.nanoTime() - deadline < 0) {
      for (int j = 0; j < window; j++, ops++) {
        cache.tell(CacheProtocol.Put.of(keys[(int) (ops % keys.length)], VALUE));
      }
      stats(runtime);
    }
    long applied = stats(runtime).inserts() - before;
    if (applied != ops) {
      throw new IllegalStateException("lost puts: sent " + ops + ", applied " + applied);
    }
    return ops;
  }

  /**
   * Distinct keys with a fresh 32-byte value each, {@code window} tells at a time: the flood of the
   * heap chart and the soak.
   */
  private static long flood(
      BoundedRuntime runtime,
      long distinct,
      long first,
      BooleanSupplier stop,
      SoakSubject.Pacer pacer)
      throws Exception {
    ActorRef<CacheProtocol.Command> cache = runtime.cache();
    int window = Math.max(1, Math.min(WINDOW, runtime.settings().cache().mailboxCapacity() / 2));
    long n = 0;
    while (!stop.getAsBoolean()) {
      for (int j = 0; j < window; j++, n++) {
        long k = (first + n) % distinct;
        cache.tell(CacheProtocol.Put.of("soak-" + k, Workloads.value(k)));
      }
      // under a loaded soak a round trip may take longer than the ask timeout
      SoakDrivers.stats(runtime, cache, CacheProtocol.GetStats::new);
      pacer.rest(stop);
    }
    return n;
  }

  /** The cache vs a {@code HashMap} under the same flood of distinct keys. */
  private static final class CacheHeapProbe implements HeapProbe {
    private String bounded = "cache actor";

    @Override
    public String boundedLabel() {
      return bounded;
    }

    @Override
    public String unboundedLabel() {
      return "unbounded HashMap, same keys and values";
    }

    @Override
    public long floodBounded(BoundedRuntime runtime, BooleanSupplier stop) throws Exception {
      bounded =
          String.format(
              Locale.ROOT,
              "cache actor (max-entries %,d, %s)",
              runtime.settings().cache().maxEntries(),
              runtime.settings().cache().eviction().configName());
      return flood(runtime, Long.MAX_VALUE, 0, stop, SoakSubject.Pacer.NONE);
    }

    @Override
    public long floodUnbounded(BooleanSupplier stop) {
      Map<String, ByteString> map = new HashMap<>();
      long n = 0;
      while (!stop.getAsBoolean()) {
        for (int j = 0; j < WINDOW; j++, n++) {
          map.put("soak-" + n, Workloads.value(n));
        }
      }
      return Workloads.keep(n, map.size());
    }
  }

  /** The cache under 100 × its capacity of distinct keys. */
  private static final class CacheSoak implements SoakSubject {
    private final BoundedRuntime runtime;
    private long next;

    CacheSoak(BoundedRuntime runtime) {
      this.runtime = runtime;
    }

    @Override
    public String name() {
      return CacheActor.NAME;
    }

    @Override
    public long capacity() {
      return runtime.settings().cache().maxEntries();
    }

    @Override
    public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
      long n = flood(runtime, distinctKeys(), next, stop, pacer);
      next += n;
      return n;
    }

    @Override
    public ComponentStats stats() throws Exception {
      return SoakDrivers.stats(runtime, runtime.cache(), CacheProtocol.GetStats::new);
    }
  }
}
