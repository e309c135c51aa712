package io.bounded.app.bench;

import io.bounded.actors.memoizer.Memoized;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.protocols.memoizer.MemoizerProtocol;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The memoizer's standard workload: hits over 1,000 keys, asked with {@link #IN_FLIGHT} requests
 * outstanding, against a raw Caffeine {@code AsyncCache} doing the same hits on one thread (the
 * loop of {@link EventBusBench}).
 */
final class MemoizerWorkload implements Workload {
  static final int IN_FLIGHT = 1_000;
  private static final int KEYS = 1_000;

  @Override
  public String name() {
    return "memoizer";
  }

  @Override
  public String description() {
    return "memoizer hits (ask, 1,000 in flight) vs a raw Caffeine AsyncCache";
  }

  @Override
  public int measurements() {
    return 2;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    BoundedRuntime runtime = ctx.runtime();
    EventBusBench bench = EventBusBench.quiet();
    Measurement caffeine =
        ctx.measure(
            "raw Caffeine AsyncCache hit",
            false,
            (deadline, h) ->
                Workloads.chunks(
                    deadline,
                    1_000_000,
                    n -> {
                      bench.caffeineHits(n);
                      return n;
                    }));
    int inFlight =
        Math.max(1, Math.min(IN_FLIGHT, runtime.settings().memoizer().mailboxCapacity() / 2));
    Memoized<Integer, Integer> m = runtime.memoize("bench-memoizer", (Integer k) -> k * 2);
    Measurement memo;
    try {
      for (int i = 0; i < KEYS; i++) {
        m.get(i).toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
      memo =
          ctx.measure(
              String.format(Locale.ROOT, "memoizer hit (ask, %,d in flight)", inFlight),
              true,
              (deadline, h) ->
                  InFlightDriver.run(
                      runtime.system(),
                      m.ref(),
                      (self, i) -> new MemoizerProtocol.Get((int) (i % KEYS), self.narrow()),
                      inFlight,
                      deadline,
                      h));
    } finally {
      m.close();
    }
    return List.of(Row.baseline(name(), caffeine), Row.compared(name(), memo, caffeine));
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) {
    return Optional.of(new MemoizerSoak(runtime));
  }

  @Override
  public boolean soaks() {
    return true;
  }
}
