package io.bounded.app.bench;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/** The workloads {@code bounded bench} knows, and helpers they share. */
public final class Workloads {
  /** The raw-map loops time one operation in this many. */
  static final int SAMPLE_EVERY = 64;

  private static volatile long blackhole;

  private Workloads() {}

  /**
   * Every workload, in the order the bench runs them. A new component adds its workload here.
   *
   * <p>{@code http-cache} is not in the default set: it starts a node and, for its baseline, a
   * Redis server.
   */
  public static List<Workload> all() {
    return List.of(
        new CacheWorkload(),
        new HttpCacheWorkload(),
        new EventBusWorkload(),
        new MemoizerWorkload(),
        new TaskQueueWorkload(),
        new TracerWorkload(),
        new GatewayWorkload(),
        new IpTrackerWorkload(),
        new DatabaseWorkload());
  }

  /** The workloads {@code bench} runs when {@code --components} is not given. */
  static List<String> defaults() {
    return List.of(
        "cache", "events", "memoizer", "task-queue", "tracer", "gateway", "ip-tracker", "database");
  }

  /** The workloads whose component {@code bench --soak} can drive. */
  static List<String> soakable() {
    return all().stream().filter(Workload::soaks).map(Workload::name).toList();
  }

  /** The workload called {@code name}. */
  static Optional<Workload> named(String name) {
    return all().stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /** A fixed-size piece of a standalone bench's count-based measurement. */
  @FunctionalInterface
  interface Chunk {
    /** Runs {@code n} operations; answers how many completed. */
    long run(long n) throws Exception;
  }

  /**
   * Runs {@code chunk} of {@code n} operations again and again until {@code deadlineNanos}: the
   * standalone benches measure fixed counts, the bench command fixed times.
   */
  static long chunks(long deadlineNanos, long n, Chunk chunk) throws Exception {
    long ops = 0;
    do {
      ops += chunk.run(n);
    } while (System.nanoTime() - deadlineNanos < 0);
    return ops;
  }

  /** A fresh 32-byte value derived from {@code n}. */
  static ByteString value(long n) {
    byte[] b = new byte[32];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (n >>> (8 * i));
    }
    return ByteString.fromArrayUnsafe(b);
  }

  /** Keeps a loop's result alive so the JIT cannot drop the loop; answers {@code ops}. */
  static long keep(long ops, long result) {
    blackhole += result;
    return ops;
  }
}
