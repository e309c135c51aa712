package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.IpTrackerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The IP tracker under 100 × its {@code max-addresses} of distinct client addresses (IPv4 in
 * 10.0.0.0/8 and IPv6 in fd00::/8, alternately): a {@code Check} for each address in turn, and a
 * failure recorded for one address in {@value #FAILURE_EVERY}, so records with failure windows are
 * evicted too. (No address is banned: each ban is logged, which would drown the soak's output.)
 * Asks, at most half the inbox outstanding. The size is the addresses tracked.
 */
final class IpTrackerSoak implements SoakSubject {
  static final int FAILURE_EVERY = 8;

  private final BoundedRuntime runtime;
  private final IpTrackerSettings settings;
  private long next;
  private volatile long refused;

  IpTrackerSoak(BoundedRuntime runtime) {
    this.runtime = runtime;
    this.settings = runtime.settings().ipTracker();
  }

  @Override
  public String name() {
    return "ip-tracker";
  }

  @Override
  public long capacity() {
    return settings.maxAddresses();
  }

  /** Distinct address literal {@code k}: 10.x.x.x for even k (while they last), else fd00::k. */
  static String address(long k) {
    long h = k >>> 1;
    if ((k & 1) == 0 && h < (1L << 24)) {
      return "10." + ((h >>> 16) & 255) + "." + ((h >>> 8) & 255) + "." + (h & 255);
    }
    return "fd00::"
        + Long.toHexString((k >>> 48) & 0xffff)
        + ":"
        + Long.toHexString((k >>> 32) & 0xffff)
        + ":"
        + Long.toHexString((k >>> 16) & 0xffff)
        + ":"
        + Long.toHexString(k & 0xffff);
  }

  @Override
  public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
    ActorRef<IpTrackerProtocol.Command> tracker = runtime.ipTracker();
    int window = SoakDrivers.window(settings.mailboxCapacity());
    long distinct = distinctKeys();
    long n = 0;
    try (SoakDrivers.AskWindow asks =
        new SoakDrivers.AskWindow(
            runtime, "ip-tracker", window, r -> r instanceof IpTrackerProtocol.Rejected)) {
      while (!stop.getAsBoolean()) {
        long k = (next + n) % distinct;
        String address = address(k);
        asks.acquire();
        tracker.tell(new IpTrackerProtocol.Check(address, null, asks.replyTo()));
        if (k % FAILURE_EVERY == 0) {
          asks.acquire();
          tracker.tell(new IpTrackerProtocol.RecordFailure(address, asks.replyTo()));
        }
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
    return SoakDrivers.stats(runtime, runtime.ipTracker(), IpTrackerProtocol.GetStats::new);
  }

  @Override
  public String summary(ComponentStats s) {
    return SoakSubject.super.summary(s)
        + String.format(
            Locale.ROOT,
            "; refused asks %,d, %,d buckets held at the end",
            refused,
            s.gauge("buckets"));
  }
}
