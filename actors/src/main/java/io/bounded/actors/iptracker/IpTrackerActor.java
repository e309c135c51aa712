package io.bounded.actors.iptracker;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.actors.support.LruMap;
import io.bounded.config.IpTrackerSettings;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import io.bounded.protocols.iptracker.IpTrackerProtocol.AddressState;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Allowed;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Ban;
import io.bounded.protocols.iptracker.IpTrackerProtocol.BanSet;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Banned;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Check;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Command;
import io.bounded.protocols.iptracker.IpTrackerProtocol.FailureRecorded;
import io.bounded.protocols.iptracker.IpTrackerProtocol.GetStats;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Inspect;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Limited;
import io.bounded.protocols.iptracker.IpTrackerProtocol.RecordFailure;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Rejected;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Unban;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Unbanned;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The IP tracker: per client address a token bucket (rate limiting), a failure window and a ban
 * (fail2ban), plus allow and deny lists.
 *
 * <p><b>State.</b> An access-ordered {@link LruMap} from canonical address text to its record: last
 * seen, requests, a {@link FailureWindow} (made on the first failure), the ban in force and the
 * number of offences, and a {@link TokenBucket} that exists only while it is not full. Allow- and
 * deny-listed addresses are answered from the lists and never get a record.
 *
 * <p><b>Bounds.</b> At most {@code max-addresses} records; a new address in a full map evicts the
 * least recently seen (cause {@code size}), which may forget a ban — the LRU keeps the ones that
 * keep coming back. Per record: at most {@code ban.max-failures} failure times.
 *
 * <p><b>Tick.</b> Every {@code cleanup-interval}, one pass: records idle past {@code window} (and,
 * for a banned address, past the ban's end plus {@code window}, so escalation remembers recent
 * offenders) are removed as expired; buckets that have refilled are dropped. A failing tick is
 * logged and counted; the next one retries.
 *
 * <p><b>Time.</b> Everything reads the injected {@link Clock}; the tick uses the scheduler.
 */
public final class IpTrackerActor extends AbstractBehavior<Command> {

  /** The component's name in stats, metrics and logs. */
  public static final String NAME = "ip-tracker";

  private enum CleanupTick implements IpTrackerProtocol.Internal {
    INSTANCE
  }

  /** What the tracker keeps per address. */
  private static final class AddressRecord {
    long lastSeenMillis;
    long requests;
    FailureWindow failures;
    long bannedUntilMillis;
    int offences;
    TokenBucket bucket;

    boolean banned(long now) {
      return bannedUntilMillis > now;
    }
  }

  private final IpTrackerSettings settings;
  private final Clock clock;
  private final BanPolicy policy;
  private final double perSecond;
  private final int burst;
  private final long windowMillis;
  private final LruMap<String, AddressRecord> addresses;
  private final ComponentCounters counters;

  /**
   * @param settings bounds, rate, ban policy and lists
   * @param clock the clock buckets, windows and bans are measured with
   * @param mailboxOverflows the runtime's count of messages this actor's bounded inbox refused
   */
  public static Behavior<Command> create(
      IpTrackerSettings settings, Clock clock, LongAdder mailboxOverflows) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new IpTrackerActor(ctx, timers, settings, clock, mailboxOverflows)));
  }

  /** A tracker with its own overflow counter, for tests and standalone use. */
  public static Behavior<Command> create(IpTrackerSettings settings, Clock clock) {
    return create(settings, clock, new LongAdder());
  }

  private IpTrackerActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      IpTrackerSettings settings,
      Clock clock,
      LongAdder mailboxOverflows) {
    super(context);
    this.settings = settings;
    this.clock = clock;
    this.policy = new BanPolicy(settings.ban());
    this.perSecond = settings.rate().perSecond();
    this.burst = settings.rate().burst();
    this.windowMillis = settings.window().toMillis();
    this.counters = new ComponentCounters(NAME, clock, mailboxOverflows);
    this.addresses =
        new LruMap<>(
            settings.maxAddresses(), (address, r) -> counters.evicted(DropCause.SIZE, address));
    timers.startTimerWithFixedDelay(CleanupTick.INSTANCE, settings.cleanupInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Check.class, this::onCheck)
        .onMessage(RecordFailure.class, this::onRecordFailure)
        .onMessage(Inspect.class, this::onInspect)
        .onMessage(Ban.class, this::onBan)
        .onMessage(Unban.class, this::onUnban)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(CleanupTick.INSTANCE, this::onCleanup)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onCheck(Check check) {
    InetAddress resolved =
        ClientAddresses.resolve(settings.trustedProxies(), check.peer(), check.forwardedFor());
    if (resolved == null) {
      return reject(check.replyTo(), badAddress(check.peer()));
    }
    String client = resolved.getHostAddress();
    if (ClientAddresses.within(settings.deny(), resolved)) {
      check.replyTo().tell(new Banned(client, null, "on the deny list (bounded.ip-tracker.deny)"));
      return this;
    }
    if (ClientAddresses.within(settings.allow(), resolved)) {
      check.replyTo().tell(new Allowed(client, burst));
      return this;
    }
    long now = clock.millis();
    AddressRecord r = record(client, now);
    r.requests++;
    if (r.banned(now)) {
      check
          .replyTo()
          .tell(
              new Banned(
                  client,
                  Duration.ofMillis(r.bannedUntilMillis - now),
                  "banned after repeated failures (offence " + r.offences + ")"));
      return this;
    }
    if (r.bucket == null) {
      r.bucket = TokenBucket.full(burst, now);
    }
    if (!r.bucket.tryTake(perSecond, burst, now)) {
      check
          .replyTo()
          .tell(
              new Limited(
                  client, Duration.ofMillis(r.bucket.millisUntilToken(perSecond, burst, now))));
      return this;
    }
    check.replyTo().tell(new Allowed(client, (long) r.bucket.tokens(perSecond, burst, now)));
    return this;
  }

  private Behavior<Command> onRecordFailure(RecordFailure f) {
    InetAddress address = ClientAddresses.parse(f.address());
    if (address == null) {
      return reject(f.replyTo(), badAddress(f.address()));
    }
    String key = address.getHostAddress();
    boolean listed =
        ClientAddresses.within(settings.allow(), address)
            || ClientAddresses.within(settings.deny(), address);
    if (listed) {
      // listed addresses are decided by the lists, not by their failures
      reply(f, new FailureRecorded(key, 0, ClientAddresses.within(settings.deny(), address)));
      return this;
    }
    long now = clock.millis();
    AddressRecord r = record(key, now);
    if (r.banned(now)) {
      reply(f, new FailureRecorded(key, 0, true));
      return this;
    }
    if (r.failures == null) {
      r.failures = new FailureWindow(policy.maxFailures());
    }
    int inWindow = r.failures.record(now, policy.findWindowMillis());
    boolean banned = inWindow >= policy.maxFailures();
    if (banned) {
      r.offences++;
      r.bannedUntilMillis = now + policy.banMillis(r.offences);
      r.failures.clear();
      getContext()
          .getLog()
          .info(
              "ip-tracker: banned {} for {} ms (offence {})",
              key,
              r.bannedUntilMillis - now,
              r.offences);
    }
    reply(f, new FailureRecorded(key, inWindow, banned));
    return this;
  }

  private void reply(RecordFailure f, FailureRecorded answer) {
    if (f.replyTo() != null) {
      f.replyTo().tell(answer);
    }
  }

  private Behavior<Command> onInspect(Inspect inspect) {
    InetAddress address = ClientAddresses.parse(inspect.address());
    if (address == null) {
      return reject(inspect.replyTo(), badAddress(inspect.address()));
    }
    String key = address.getHostAddress();
    String list =
        ClientAddresses.within(settings.deny(), address)
            ? "deny"
            : ClientAddresses.within(settings.allow(), address) ? "allow" : "none";
    long now = clock.millis();
    AddressRecord r = addresses.containsKey(key) ? addresses.get(key) : null;
    if (r == null) {
      inspect.replyTo().tell(new AddressState(key, list, false, 0, 0, burst, burst, null, 0, null));
      return this;
    }
    long tokens = r.bucket == null ? burst : (long) r.bucket.tokens(perSecond, burst, now);
    inspect
        .replyTo()
        .tell(
            new AddressState(
                key,
                list,
                true,
                r.requests,
                r.failures == null ? 0 : r.failures.count(now, policy.findWindowMillis()),
                tokens,
                burst,
                r.banned(now) ? Instant.ofEpochMilli(r.bannedUntilMillis) : null,
                r.offences,
                Instant.ofEpochMilli(r.lastSeenMillis)));
    return this;
  }

  private Behavior<Command> onBan(Ban ban) {
    InetAddress address = ClientAddresses.parse(ban.address());
    if (address == null) {
      return reject(ban.replyTo(), badAddress(ban.address()));
    }
    Duration d = ban.duration();
    if (d.isNegative() || d.isZero() || d.toMillis() > policy.maxBanMillis()) {
      return reject(
          ban.replyTo(),
          "ban duration must be > 0 and <= bounded.ip-tracker.ban.max-ban-duration ("
              + policy.maxBanMillis() / 1000
              + " seconds), but was "
              + d.toMillis() / 1000.0
              + " seconds");
    }
    long now = clock.millis();
    String key = address.getHostAddress();
    AddressRecord r = record(key, now);
    r.offences++;
    r.bannedUntilMillis = now + d.toMillis();
    ban.replyTo().tell(new BanSet(key, Instant.ofEpochMilli(r.bannedUntilMillis)));
    return this;
  }

  private Behavior<Command> onUnban(Unban unban) {
    InetAddress address = ClientAddresses.parse(unban.address());
    if (address == null) {
      return reject(unban.replyTo(), badAddress(unban.address()));
    }
    String key = address.getHostAddress();
    long now = clock.millis();
    AddressRecord r = addresses.containsKey(key) ? addresses.get(key) : null;
    boolean was = r != null && r.banned(now);
    if (r != null) {
      r.bannedUntilMillis = 0;
      if (r.failures != null) {
        r.failures.clear();
      }
    }
    unban.replyTo().tell(new Unbanned(key, was));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    long now = clock.millis();
    long[] banned = {0};
    long[] buckets = {0};
    addresses.removeIf(
        (k, r) -> {
          banned[0] += r.banned(now) ? 1 : 0;
          buckets[0] += r.bucket != null ? 1 : 0;
          return false;
        },
        (k, r) -> {});
    get.replyTo()
        .tell(
            counters.snapshot(
                addresses.size(),
                settings.maxAddresses(),
                Map.of(
                    "banned", banned[0],
                    "buckets", buckets[0],
                    "mailbox-capacity", (long) settings.mailboxCapacity())));
    return this;
  }

  private Behavior<Command> onCleanup() {
    counters.runCleanup(
        getContext().getLog(),
        () -> {
          long now = clock.millis();
          int removed =
              addresses.removeIf((k, r) -> expired(r, now), (k, r) -> counters.expired(k, now));
          // a refilled bucket is dropped: the address costs nothing until it comes back
          addresses.removeIf(
              (k, r) -> {
                if (r.bucket != null && r.bucket.isFull(perSecond, burst, now)) {
                  r.bucket = null;
                }
                return false;
              },
              (k, r) -> {});
          getContext().getLog().debug("ip-tracker cleanup forgot {} idle addresses", removed);
        });
    return this;
  }

  private boolean expired(AddressRecord r, long now) {
    if (r.banned(now)) {
      return false;
    }
    long quietSince = Math.max(r.lastSeenMillis, r.bannedUntilMillis);
    return now - quietSince >= windowMillis;
  }

  private Behavior<Command> onPostStop() {
    addresses.clear();
    return this;
  }

  // ---- helpers

  /** The record of an address, made (and counted as an insert) when it is new. */
  private AddressRecord record(String key, long now) {
    AddressRecord r = addresses.get(key);
    if (r == null) {
      r = new AddressRecord();
      addresses.put(key, r);
      counters.inserted();
    }
    r.lastSeenMillis = now;
    return r;
  }

  private static String badAddress(String given) {
    String shown = given.length() <= 64 ? given : given.substring(0, 64) + "…";
    return "address must be an IPv4 or IPv6 literal such as 192.0.2.7 or 2001:db8::1, but was \""
        + shown
        + "\"";
  }

  private Behavior<Command> reject(ActorRef<? super Rejected> replyTo, String reason) {
    counters.rejected();
    if (replyTo != null) {
      replyTo.tell(new Rejected(reason));
    }
    return this;
  }
}
