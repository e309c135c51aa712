package io.bounded.actors.iptracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.IpTrackerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.iptracker.IpTrackerProtocol.*;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpTrackerActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "IpTrackerActorTest", ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private final TestClock clock = new TestClock();
  private TestProbe<Reply> replies;
  private TestProbe<ComponentStats> stats;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void probes() {
    replies = testKit.createTestProbe(Reply.class);
    stats = testKit.createTestProbe(ComponentStats.class);
  }

  /** rate 1/s burst 2; 3 failures in 1 min ban 10 min, x2 up to 30 min; window 5 min. */
  private ActorRef<Command> tracker(String extra) {
    IpTrackerSettings s =
        IpTrackerSettings.fromConfig(
            ConfigFactory.parseString(
                    "bounded.ip-tracker { window = 5m, cleanup-interval = 1m,"
                        + " rate { per-second = 1, burst = 2 },"
                        + " ban { max-failures = 3, find-window = 1m, ban-duration = 10m,"
                        + " escalation-factor = 2, max-ban-duration = 30m },"
                        + " allow = [\"192.0.2.0/24\"], deny = [\"198.51.100.0/24\"],"
                        + " trusted-proxies = [\"10.0.0.0/8\"] }\n"
                        + extra)
                .withFallback(ConfigFactory.defaultReference()));
    return testKit.spawn(IpTrackerActor.create(s, clock));
  }

  private Reply check(ActorRef<Command> t, String peer, String xff) {
    t.tell(new Check(peer, xff, replies.ref().narrow()));
    return replies.receiveMessage();
  }

  private void fail(ActorRef<Command> t, String address) {
    t.tell(new RecordFailure(address, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isInstanceOf(FailureRecorded.class);
  }

  private AddressState inspect(ActorRef<Command> t, String address) {
    t.tell(new Inspect(address, replies.ref().narrow()));
    return (AddressState) replies.receiveMessage();
  }

  private ComponentStats stats(ActorRef<Command> t) {
    t.tell(new GetStats(stats.ref()));
    return stats.receiveMessage();
  }

  @Test
  void check_overBurst_isLimitedWithRetryAfterThenRefills() {
    ActorRef<Command> t = tracker("");
    assertThat(check(t, "203.0.113.1", null)).isInstanceOf(Allowed.class);
    assertThat(check(t, "203.0.113.1", null)).isInstanceOf(Allowed.class);
    Reply limited = check(t, "203.0.113.1", null);
    assertThat(limited).isEqualTo(new Limited("203.0.113.1", Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    assertThat(check(t, "203.0.113.1", null)).isInstanceOf(Allowed.class);
    assertThat(check(t, "203.0.113.2", null))
        .as("another address has its own bucket")
        .isInstanceOf(Allowed.class);
  }

  @Test
  void cleanupTick_refilledBucket_isDeleted() {
    ActorRef<Command> t = tracker("");
    check(t, "203.0.113.1", null);
    assertThat(stats(t).gauge("buckets")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    manualTime.timePasses(Duration.ofMinutes(1));
    replies.awaitAssert(
        () -> {
          ComponentStats s = stats(t);
          assertThat(s.cleanupRuns()).isGreaterThanOrEqualTo(1);
          assertThat(s.gauge("buckets")).isZero();
          assertThat(s.size()).as("the address is still tracked").isEqualTo(1);
          return null;
        });
  }

  @Test
  void failures_reachMaxFailures_banThenEscalateOnRepeat() {
    ActorRef<Command> t = tracker("");
    String ip = "203.0.113.9";
    fail(t, ip);
    fail(t, ip);
    assertThat(check(t, ip, null)).isInstanceOf(Allowed.class);
    fail(t, ip);
    Banned banned = (Banned) check(t, ip, null);
    assertThat(banned.retryAfter()).isEqualTo(Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(10));
    assertThat(check(t, ip, null)).isInstanceOf(Allowed.class);
    fail(t, ip);
    fail(t, ip);
    fail(t, ip);
    assertThat(((Banned) check(t, ip, null)).retryAfter()).isEqualTo(Duration.ofMinutes(20));
    clock.advance(Duration.ofMinutes(20));
    fail(t, ip);
    fail(t, ip);
    fail(t, ip);
    assertThat(((Banned) check(t, ip, null)).retryAfter())
        .as("capped at max-ban-duration")
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(inspect(t, ip).offences()).isEqualTo(3);
  }

  @Test
  void failures_spreadPastFindWindow_doNotBan() {
    ActorRef<Command> t = tracker("");
    String ip = "203.0.113.9";
    fail(t, ip);
    fail(t, ip);
    clock.advance(Duration.ofMinutes(2));
    fail(t, ip);
    assertThat(check(t, ip, null)).isInstanceOf(Allowed.class);
  }

  @Test
  void lists_denyAndAllow_decideWithoutTracking() {
    ActorRef<Command> t = tracker("");
    assertThat(check(t, "198.51.100.7", null)).isInstanceOf(Banned.class);
    for (int i = 0; i < 10; i++) {
      assertThat(check(t, "192.0.2.7", null)).isInstanceOf(Allowed.class);
    }
    assertThat(stats(t).size()).isZero();
    assertThat(inspect(t, "192.0.2.7").list()).isEqualTo("allow");
  }

  @Test
  void forwardedFor_fromUntrustedPeer_isIgnoredSoBanHolds() {
    ActorRef<Command> t = tracker("");
    String ip = "203.0.113.9";
    t.tell(new Ban(ip, Duration.ofMinutes(5), replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isInstanceOf(BanSet.class);
    assertThat(check(t, ip, "192.0.2.1")).as("spoofed allow-listed XFF").isInstanceOf(Banned.class);
    Allowed viaProxy = (Allowed) check(t, "10.1.2.3", "203.0.113.50");
    assertThat(viaProxy.client()).isEqualTo("203.0.113.50");
    assertThat(check(t, "10.1.2.3", ip))
        .as("banned client behind the proxy")
        .isInstanceOf(Banned.class);
  }

  @Test
  void adminBanAndUnban_changeStateAndBadInputIsRejected() {
    ActorRef<Command> t = tracker("");
    String ip = "2001:db8::1";
    t.tell(new Ban(ip, Duration.ofMinutes(1), replies.ref().narrow()));
    replies.receiveMessage();
    assertThat(inspect(t, ip).banned()).isTrue();
    t.tell(new Unban(ip, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Unbanned("2001:db8:0:0:0:0:0:1", true));
    assertThat(inspect(t, ip).banned()).isFalse();
    t.tell(new Ban(ip, Duration.ofHours(1), replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("max-ban-duration");
    t.tell(new Inspect("example.com", replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("IPv4 or IPv6 literal");
    assertThat(check(t, "999.1.1.1", null)).isInstanceOf(Rejected.class);
  }

  @Test
  void addresses_tenTimesMaxAddresses_stayBoundedAndEvictionsCounted() {
    ActorRef<Command> t = tracker("bounded.ip-tracker.max-addresses = 100");
    for (int i = 0; i < 1000; i++) {
      t.tell(new RecordFailure("203.0." + (i / 256) + "." + (i % 256), null));
    }
    ComponentStats s = stats(t);
    assertThat(s.size()).isEqualTo(100);
    assertThat(s.evictions()).isEqualTo(900);
    assertThat(s.inserts()).isEqualTo(1000);
  }

  @Test
  void addresses_capacityOne_keepsTheLatest() {
    ActorRef<Command> t = tracker("bounded.ip-tracker.max-addresses = 1");
    check(t, "203.0.113.1", null);
    check(t, "203.0.113.2", null);
    assertThat(inspect(t, "203.0.113.1").tracked()).isFalse();
    assertThat(inspect(t, "203.0.113.2").tracked()).isTrue();
  }

  @Test
  void cleanupTick_idleAddress_isForgotten() {
    ActorRef<Command> t = tracker("");
    check(t, "203.0.113.1", null);
    clock.advance(Duration.ofMinutes(5));
    manualTime.timePasses(Duration.ofMinutes(1));
    replies.awaitAssert(
        () -> {
          ComponentStats s = stats(t);
          assertThat(s.size()).isZero();
          assertThat(s.expirations()).isEqualTo(1);
          return null;
        });
  }
}
