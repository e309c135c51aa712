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
    return List.of(new CacheWorkload(), new HttpCacheWorkload());
  }

  /** The workloads {@code bench} runs when {@code --components} is not given. */
  static List<String> defaults() {
    return List.of("cache");
  }

  /** The workload called {@code name}. */
  static Optional<Workload> named(String name) {
    return all().stream().filter(w -> w.name().equals(name)).findFirst();
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
