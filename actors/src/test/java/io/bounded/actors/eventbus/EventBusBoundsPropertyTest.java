package io.bounded.actors.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.eventbus.EventBusProtocol.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * Random publish/read/subscribe/unsubscribe sequences, with time moving, against a live event bus
 * whose subscribers never acknowledge (the slowest possible): after every step the store, the
 * subscriptions, the topics and every buffer are within their bounds.
 */
class EventBusBoundsPropertyTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "EventBusBoundsPropertyTest",
          ManualTime.config().withFallback(ConfigFactory.defaultReference()));

  @AfterContainer
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** One step: 0 publish, 1 read, 2 subscribe, 3 unsubscribe, 4 let time pass. */
  record Op(int kind, int topic, int count, int policy) {}

  @Property(tries = 40)
  void anySequence_staysWithinEveryBound(
      @ForAll @IntRange(min = 1, max = 6) int maxEvents,
      @ForAll @IntRange(min = 1, max = 3) int maxSubscriptions,
      @ForAll @IntRange(min = 1, max = 4) int bufferSize,
      @ForAll("ops") List<Op> ops) {
    TestClock clock = new TestClock();
    ActorRef<Command> bus =
        testKit.spawn(
            EventBusActor.create(
                EventBusActorTest.settings(
                    "max-events = "
                        + maxEvents
                        + ", max-subscriptions = "
                        + maxSubscriptions
                        + ", buffer-size = "
                        + bufferSize
                        + ", max-batch = 1, retention = 1m"),
                clock));
    TestProbe<Reply> replies = testKit.createTestProbe(Reply.class);
    TestProbe<ComponentStats> stats = testKit.createTestProbe(ComponentStats.class);
    List<Long> ids = new ArrayList<>();
    for (Op op : ops) {
      String topic = "t" + op.topic();
      switch (op.kind()) {
        case 0 -> {
          List<ByteString> payloads = new ArrayList<>();
          for (int i = 0; i < op.count(); i++) {
            payloads.add(ByteString.fromString("x"));
          }
          bus.tell(new Publish(topic, payloads, replies.ref().narrow()));
          Reply r = replies.receiveMessage();
          if (op.count() <= maxEvents && r instanceof Rejected rejected) {
            assertThat(rejected.reason()).contains("backpressure");
          }
        }
        case 1 -> {
          bus.tell(new Read(topic, 0, null, 10, replies.ref().narrow()));
          Page p = (Page) replies.receiveMessage();
          assertThat(p.events().size()).isLessThanOrEqualTo(maxEvents);
        }
        case 2 -> {
          TestProbe<Delivery> slow = testKit.createTestProbe(Delivery.class);
          bus.tell(
              new Subscribe(
                  topic,
                  op.count() % 2 == 0 ? null : 0L,
                  OverflowPolicy.values()[op.policy()],
                  slow.ref(),
                  replies.ref().narrow()));
          if (replies.receiveMessage() instanceof Subscribed s) {
            ids.add(s.subscriptionId());
          }
        }
        case 3 -> {
          if (!ids.isEmpty()) {
            bus.tell(new Unsubscribe(ids.remove(0), replies.ref().narrow()));
            replies.receiveMessage();
          }
        }
        default -> clock.advance(Duration.ofSeconds(20L * op.count()));
      }
      bus.tell(new GetStats(stats.ref()));
      ComponentStats s = stats.receiveMessage();
      assertThat(s.size()).isLessThanOrEqualTo(maxEvents);
      assertThat(s.gauge("subscriptions")).isLessThanOrEqualTo(maxSubscriptions);
      assertThat(s.gauge("topics")).isLessThanOrEqualTo(maxEvents + maxSubscriptions);
      bus.tell(new GetSubscriptions(null, replies.ref().narrow()));
      for (SubscriptionInfo info : ((Subscriptions) replies.receiveMessage()).subscriptions()) {
        assertThat(info.buffered()).isLessThanOrEqualTo(bufferSize);
      }
    }
    testKit.stop(bus);
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(0, 3))
        .as(Op::new)
        .list()
        .ofMaxSize(40);
  }
}
