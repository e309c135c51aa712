package io.bounded.actors.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PendingWriteTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create("PendingWriteTest");

  @AfterAll
  static void shutdown() {
    TEST_KIT.shutdownTestKit();
  }

  /** The temporary reply address of one ask. */
  @SuppressWarnings("unchecked")
  private static ActorRef<Object> askReplyTo(TestProbe<ActorRef<Object>> seen) {
    ActorRef<ActorRef<Object>> capture =
        TEST_KIT.spawn(
            Behaviors.receiveMessage(
                r -> {
                  seen.ref().tell(r);
                  return Behaviors.same();
                }));
    AskPattern.ask(capture, r -> r, Duration.ofSeconds(5), TEST_KIT.scheduler());
    return seen.receiveMessage();
  }

  @Test
  @SuppressWarnings("unchecked")
  void submitterOf_asksTemporaryAddress_isAFreshKeyEachTime() {
    TestProbe<ActorRef<Object>> seen =
        TEST_KIT.createTestProbe((Class<ActorRef<Object>>) (Class<?>) ActorRef.class);
    ActorRef<Object> a = askReplyTo(seen);
    ActorRef<Object> b = askReplyTo(seen);
    // the reason not to key by the reference: every ask's temporary reference hashes alike
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    Object ka = PendingWrite.submitterOf(a);
    assertThat(ka).isNotInstanceOf(PendingWrite.Submitter.class);
    assertThat(PendingWrite.submitterOf(a)).isNotEqualTo(ka);
    assertThat(PendingWrite.submitterOf(b)).isNotEqualTo(ka);
  }

  @Test
  void submitterOf_anActorsAddress_isItsPathEqualForEqualReferences() {
    TestProbe<Object> one = TEST_KIT.createTestProbe();
    TestProbe<Object> two = TEST_KIT.createTestProbe();
    Object k1 = PendingWrite.submitterOf(one.ref());
    assertThat(k1).isInstanceOf(PendingWrite.Submitter.class);
    assertThat(PendingWrite.submitterOf(one.ref())).isEqualTo(k1).hasSameHashCodeAs(k1);
    assertThat(PendingWrite.submitterOf(two.ref())).isNotEqualTo(k1);
  }

  @Test
  void submitterOf_noReplyAddress_isTheSharedFireAndForgetKey() {
    assertThat(PendingWrite.submitterOf(null)).isSameAs(PendingWrite.ANONYMOUS);
  }
}
