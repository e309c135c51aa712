package io.bounded.actors.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.cache.CacheProtocol;
import io.bounded.protocols.cache.CacheProtocol.GetReply;
import io.bounded.protocols.cache.CacheProtocol.Rejected;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * A tell-flood into a small bounded inbox: every message is processed or counted, and every sender
 * answered.
 */
class MailboxOverflowTest {
  private static final int SENT = 20_000;

  @Test
  void tellFlood_overflowIsCountedAndNothingIsLostUncounted() {
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.cache.mailbox-capacity = 16"))) {
      ActorTestKit kit = ActorTestKit.create(runtime.system());
      ActorRef<CacheProtocol.Command> cache = runtime.cache();
      ByteString v = ByteString.fromString("v");
      for (int i = 0; i < SENT; i++) {
        cache.tell(CacheProtocol.Put.of("k" + (i % 100), v));
      }
      TestProbe<ComponentStats> probe = kit.createTestProbe();
      // Overflowed messages reach the monitor through dead letters, asynchronously: wait (bounded)
      // until
      // the books balance. A GetStats may overflow too, so each attempt sends a fresh one.
      ComponentStats s =
          probe.awaitAssert(
              Duration.ofSeconds(20),
              Duration.ofMillis(20),
              () -> {
                cache.tell(new CacheProtocol.GetStats(probe.ref()));
                ComponentStats latest = probe.receiveMessage(Duration.ofSeconds(1));
                assertThat(latest.inserts() + latest.mailboxOverflows())
                    .isGreaterThanOrEqualTo(SENT);
                return latest;
              });
      assertThat(s.mailboxOverflows()).isPositive();
      // every put was either applied or counted as an overflow (GetStats overflows add to the
      // count)
      assertThat(s.inserts() + s.mailboxOverflows()).isGreaterThanOrEqualTo(SENT);
      assertThat(s.inserts()).isLessThanOrEqualTo(SENT);
      assertThat(s.byCause(DropCause.MAILBOX_OVERFLOW)).isEqualTo(s.mailboxOverflows());
      assertThat(s.drops()).isGreaterThanOrEqualTo(s.mailboxOverflows());
    }
  }

  @Test
  void askFlood_everySenderIsAnswered_overflowedOnesWithRejected() {
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.cache.mailbox-capacity = 8"))) {
      ActorTestKit kit = ActorTestKit.create(runtime.system());
      TestProbe<GetReply> probe = kit.createTestProbe();
      int n = 5_000;
      for (int i = 0; i < n; i++) {
        runtime.cache().tell(new CacheProtocol.Get("k", probe.ref()));
      }
      int rejected = 0;
      for (int i = 0; i < n; i++) {
        GetReply reply = probe.receiveMessage(Duration.ofSeconds(5));
        if (reply instanceof Rejected r) {
          assertThat(r.reason()).contains("cache component's inbox is full (8 messages)");
          rejected++;
        }
      }
      probe.expectNoMessage(Duration.ofMillis(50));
      assertThat(rejected).isPositive();
      ComponentStats s = runtime.cacheClient().stats().toCompletableFuture().join();
      assertThat(s.misses() + s.mailboxOverflows()).isEqualTo(n);
    }
  }
}
