package io.bounded.app.bench;

import io.bounded.actors.iptracker.ClientAddresses;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.LruMap;
import io.bounded.config.IpTrackerSettings;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The IP tracker's standard workload, on the configured {@code bounded.ip-tracker} settings: {@code
 * Check}s (resolve the client address, take a token from its bucket) asked with {@link #IN_FLIGHT}
 * outstanding over {@value #ADDRESSES} client addresses, against the same work on one thread
 * without an actor: parse the literal, find its record in a raw {@link LruMap} of the same
 * capacity, refill and take from a token bucket. The raw loop times one check in {@link
 * Workloads#SAMPLE_EVERY}.
 */
final class IpTrackerWorkload implements Workload {
  /** Requests kept outstanding by the ask driver (capped at half the inbox). */
  static final int IN_FLIGHT = 1_000;

  /** Client addresses the checks cycle through. */
  static final int ADDRESSES = 10_000;

  @Override
  public String name() {
    return "ip-tracker";
  }

  @Override
  public String description() {
    return "ip-tracker Check (ask, 1,000 in flight) vs a raw LruMap of token buckets";
  }

  @Override
  public int measurements() {
    return 2;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    BoundedRuntime runtime = ctx.runtime();
    IpTrackerSettings settings = runtime.settings().ipTracker();
    String[] addresses = new String[ADDRESSES];
    for (int i = 0; i < ADDRESSES; i++) {
      addresses[i] = IpTrackerSoak.address(i);
    }
    int inFlight = Math.max(1, Math.min(IN_FLIGHT, settings.mailboxCapacity() / 2));
    Measurement raw =
        ctx.measure(
            "raw LruMap + token bucket check",
            true,
            (deadline, h) -> rawChecks(settings, addresses, deadline, h));
    Measurement check =
        ctx.measure(
            String.format(Locale.ROOT, "ip-tracker Check (ask, %,d in flight)", inFlight),
            true,
            (deadline, h) ->
                InFlightDriver.run(
                    runtime.system(),
                    runtime.ipTracker(),
                    (self, i) ->
                        new IpTrackerProtocol.Check(
                            addresses[(int) (i % ADDRESSES)], null, self.narrow()),
                    inFlight,
                    deadline,
                    h));
    return List.of(Row.compared(name(), check, raw), Row.baseline(name(), raw));
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) {
    return Optional.of(new IpTrackerSoak(runtime));
  }

  @Override
  public boolean soaks() {
    return true;
  }

  /** A token bucket as the tracker keeps one: tokens and the time they were counted. */
  private static final class Bucket {
    double tokens;
    long lastMillis;
    long requests;
  }

  private static long rawChecks(
      IpTrackerSettings settings, String[] addresses, long deadline, Histogram h) {
    LruMap<String, Bucket> map = new LruMap<>(settings.maxAddresses(), (k, v) -> {});
    double perSecond = settings.rate().perSecond();
    int burst = settings.rate().burst();
    long ops = 0;
    long allowed = 0;
    while (System.nanoTime() - deadline < 0) {
      for (int j = 0; j < Workloads.SAMPLE_EVERY - 1; j++, ops++) {
        allowed += check(map, addresses[(int) (ops % addresses.length)], perSecond, burst);
      }
      long t0 = System.nanoTime();
      allowed += check(map, addresses[(int) (ops % addresses.length)], perSecond, burst);
      BenchContext.record(h, System.nanoTime() - t0);
      ops++;
    }
    return Workloads.keep(ops, allowed);
  }

  /** One check: 1 when a token was taken, 0 when limited. */
  private static int check(
      LruMap<String, Bucket> map, String address, double perSecond, int burst) {
    InetAddress parsed = ClientAddresses.parse(address);
    if (parsed == null) {
      return 0;
    }
    String client = parsed.getHostAddress();
    long now = System.currentTimeMillis();
    Bucket b = map.get(client);
    if (b == null) {
      b = new Bucket();
      b.tokens = burst;
      b.lastMillis = now;
      map.put(client, b);
    }
    b.requests++;
    long elapsed = now - b.lastMillis;
    if (elapsed > 0) {
      b.tokens = Math.min(burst, b.tokens + elapsed * perSecond / 1000.0);
      b.lastMillis = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 1;
    }
    return 0;
  }
}
