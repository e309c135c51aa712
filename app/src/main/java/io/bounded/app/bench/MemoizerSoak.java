package io.bounded.app.bench;

import io.bounded.actors.memoizer.Memoized;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.MemoizerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.memoizer.MemoizerProtocol;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.pekko.util.ByteString;

/**
 * A memoizer ({@code memoizer-soak}, on the configured {@code bounded.memoizer} settings) under 100
 * × its {@code max-entries} of distinct keys: each {@code Get} of a new key computes a fresh
 * 32-byte value and stores it, evicting one. At most {@code max-in-flight} gets are outstanding
 * (every one is a computation), so none is refused for the computations' bound.
 */
final class MemoizerSoak implements SoakSubject {
  static final String NAME = "soak";

  private final BoundedRuntime runtime;
  private final MemoizerSettings settings;
  private final Memoized<Long, ByteString> memo;
  private long next;
  private volatile long refused;

  MemoizerSoak(BoundedRuntime runtime) {
    this.runtime = runtime;
    this.settings = runtime.settings().memoizer();
    this.memo = runtime.memoize(NAME, Workloads::value);
  }

  @Override
  public String name() {
    return memo.componentName();
  }

  @Override
  public long capacity() {
    return settings.maxEntries();
  }

  @Override
  public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
    int window = Math.min(settings.maxInFlight(), SoakDrivers.window(settings.mailboxCapacity()));
    long distinct = distinctKeys();
    long n = 0;
    try (SoakDrivers.AskWindow asks =
        new SoakDrivers.AskWindow(
            runtime, "memoizer", window, r -> r instanceof MemoizerProtocol.Rejected)) {
      while (!stop.getAsBoolean()) {
        asks.acquire();
        long k = (next + n) % distinct;
        memo.ref().tell(new MemoizerProtocol.Get(k, asks.replyTo()));
        n++;
        if (n % window == 0) {
          pacer.rest(stop);
        }
      }
      asks.drain();
      refused += asks.refused();
    }
    next += n;
    return n;
  }

  @Override
  public ComponentStats stats() throws Exception {
    return SoakDrivers.stats(runtime, memo.ref(), MemoizerProtocol.GetStats::new);
  }

  @Override
  public List<String> otherBounds(ComponentStats s) {
    return SoakSubject.broken(
        SoakSubject.above(s, "in-flight", settings.maxInFlight(), "max-in-flight"),
        SoakSubject.above(s, "waiters", settings.maxWaiters(), "max-waiters"));
  }

  @Override
  public String summary(ComponentStats s) {
    return SoakSubject.super.summary(s)
        + String.format(
            Locale.ROOT,
            "; computed %,d, refused gets %,d, failures %,d",
            s.misses(),
            refused,
            s.gauge("failures"));
  }

  @Override
  public void close() {
    memo.close();
  }
}
