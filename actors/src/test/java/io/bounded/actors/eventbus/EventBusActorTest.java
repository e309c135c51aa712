package io.bounded.actors.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.EventBusSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.eventbus.EventBusProtocol.*;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EventBusActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "EventBusActorTest", ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final TestClock clock = new TestClock();
  private final TestProbe<Reply> replies = testKit.createTestProbe(Reply.class);
  private final TestProbe<ComponentStats> stats = testKit.createTestProbe(ComponentStats.class);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static EventBusSettings settings(String overrides) {
    return EventBusSettings.fromConfig(
        ConfigFactory.parseString("bounded.event-bus {" + overrides + "}")
            .withFallback(ConfigFactory.defaultReference()));
  }

  private ActorRef<Command> bus(String overrides) {
    return testKit.spawn(EventBusActor.create(settings(overrides), clock));
  }

  private static ByteString bytes(String s) {
    return ByteString.fromString(s);
  }

  private static List<ByteString> payloads(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> bytes("e" + i)).toList();
  }

  private Reply publish(ActorRef<Command> bus, String topic, List<ByteString> payloads) {
    bus.tell(new Publish(topic, payloads, replies.ref().narrow()));
    return replies.receiveMessage();
  }

  private List<Long> published(ActorRef<Command> bus, String topic, int from, int count) {
    Reply r = publish(bus, topic, payloads(from, count));
    assertThat(r).isInstanceOf(Published.class);
    return ((Published) r).offsets();
  }

  /** Publishes {@code count} events one publish at a time. */
  private void publishEach(ActorRef<Command> bus, String topic, int from, int count) {
    for (int i = from; i < from + count; i++) {
      published(bus, topic, i, 1);
    }
  }

  private Reply read(ActorRef<Command> bus, String topic, long from, int limit) {
    bus.tell(new Read(topic, from, null, limit, replies.ref().narrow()));
    return replies.receiveMessage();
  }

  private Page page(ActorRef<Command> bus, String topic, long from, int limit) {
    Reply r = read(bus, topic, from, limit);
    assertThat(r).isInstanceOf(Page.class);
    return (Page) r;
  }

  private ComponentStats stats(ActorRef<Command> bus) {
    bus.tell(new GetStats(stats.ref()));
    return stats.receiveMessage();
  }

  private List<SubscriptionInfo> subscriptions(ActorRef<Command> bus) {
    bus.tell(new GetSubscriptions(null, replies.ref().narrow()));
    return ((Subscriptions) replies.receiveMessage()).subscriptions();
  }

  private SubscriptionInfo only(ActorRef<Command> bus) {
    List<SubscriptionInfo> all = subscriptions(bus);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private Reply subscribe(
      ActorRef<Command> bus,
      String topic,
      Long from,
      OverflowPolicy policy,
      TestProbe<Delivery> subscriber) {
    bus.tell(new Subscribe(topic, from, policy, subscriber.ref(), replies.ref().narrow()));
    return replies.receiveMessage();
  }

  /** Subscribes and acknowledges the start, so batches flow. */
  private long subscribed(
      ActorRef<Command> bus,
      String topic,
      Long from,
      OverflowPolicy policy,
      TestProbe<Delivery> s) {
    Reply r = subscribe(bus, topic, from, policy, s);
    assertThat(r).isInstanceOf(Subscribed.class);
    s.expectMessageClass(SubscriptionStarted.class).ack();
    return ((Subscribed) r).subscriptionId();
  }

  /**
   * Receives batches, acknowledging each, until {@code count} events arrived. An event that
   * groupedWithin holds aside for its next group leaves on the batch timer, which runs on
   * ManualTime: when nothing arrives, the timer is moved (bounded: at most 100 times).
   */
  private static List<Event> receiveEvents(TestProbe<Delivery> s, int count) {
    List<Event> out = new ArrayList<>();
    for (int idle = 0; out.size() < count && idle < 100; ) {
      Delivery d;
      try {
        d = s.receiveMessage(Duration.ofMillis(100));
      } catch (AssertionError nothingYet) {
        manualTime.timePasses(Duration.ofMillis(10));
        idle++;
        continue;
      }
      if (!(d instanceof EventBatch b)) {
        throw new AssertionError("after " + texts(out) + " got " + d);
      }
      out.addAll(b.events());
      b.ack();
    }
    return out;
  }

  private static List<String> texts(List<Event> events) {
    return events.stream().map(e -> e.payload().utf8String()).toList();
  }

  // ---- publish and read

  @Test
  void publish_batch_assignsContiguousOffsetsPerTopic() {
    ActorRef<Command> bus = bus("max-batch = 1");
    assertThat(published(bus, "orders", 0, 3)).containsExactly(0L, 1L, 2L);
    assertThat(published(bus, "orders", 3, 1)).containsExactly(3L);
    Page p = page(bus, "orders", 0, 10);
    assertThat(texts(p.events())).containsExactly("e0", "e1", "e2", "e3");
    assertThat(p.events()).extracting(Event::offset).containsExactly(0L, 1L, 2L, 3L);
    assertThat(p.earliest()).isEqualTo(0);
    assertThat(p.next()).isEqualTo(4);
  }

  @Test
  void read_withLimit_pagesThroughWithNext() {
    ActorRef<Command> bus = bus("");
    published(bus, "t", 0, 5);
    Page first = page(bus, "t", 0, 2);
    assertThat(texts(first.events())).containsExactly("e0", "e1");
    Page second = page(bus, "t", first.next(), 2);
    assertThat(texts(second.events())).containsExactly("e2", "e3");
    Page last = page(bus, "t", second.next(), 2);
    assertThat(texts(last.events())).containsExactly("e4");
    Page empty = page(bus, "t", last.next(), 2);
    assertThat(empty.events()).isEmpty();
    assertThat(empty.next()).isEqualTo(5);
  }

  @Test
  void read_since_startsAtFirstEventStoredAtOrAfterIt() {
    ActorRef<Command> bus = bus("");
    published(bus, "t", 0, 2);
    clock.advance(Duration.ofSeconds(10));
    Instant later = clock.instant();
    published(bus, "t", 2, 2);
    bus.tell(new Read("t", 0, later, 10, replies.ref().narrow()));
    assertThat(texts(((Page) replies.receiveMessage()).events())).containsExactly("e2", "e3");
  }

  @Test
  void publish_badTopic_isRejectedAndChangesNothing() {
    ActorRef<Command> bus = bus("max-topic-length = 5");
    assertThat(publish(bus, "a b", payloads(0, 1)))
        .isEqualTo(
            new Rejected(
                "topic may hold only letters, digits, '.', '-', '_' and ':', but held ' ' at"
                    + " index 1"));
    assertThat(publish(bus, "", payloads(0, 1))).isEqualTo(new Rejected("topic must not be empty"));
    assertThat(publish(bus, "toolong", payloads(0, 1)))
        .isEqualTo(
            new Rejected(
                "topic must be at most 5 characters (bounded.event-bus.max-topic-length), but was"
                    + " 7"));
    ComponentStats s = stats(bus);
    assertThat(s.size()).isZero();
    assertThat(s.rejections()).isEqualTo(3);
  }

  @Test
  void publish_payloadOverLimit_isRejectedAllOrNothing() {
    ActorRef<Command> bus = bus("max-payload-bytes = 4");
    Reply r = publish(bus, "t", List.of(bytes("ok"), bytes("too long")));
    assertThat(r).isInstanceOf(Rejected.class);
    assertThat(((Rejected) r).reason()).contains("bounded.event-bus.max-payload-bytes");
    assertThat(stats(bus).size()).isZero();
  }

  @Test
  void publish_batchLargerThanMaxEvents_isRejected() {
    ActorRef<Command> bus = bus("max-events = 2");
    assertThat(publish(bus, "t", payloads(0, 3)))
        .isEqualTo(
            new Rejected(
                "a publish may hold at most 2 events (bounded.event-bus.max-events), but held 3"));
    assertThat(publish(bus, "t", List.of()))
        .isEqualTo(new Rejected("a publish must hold at least one event"));
  }

  @Test
  void read_badLimit_isRejected() {
    ActorRef<Command> bus = bus("max-page = 10");
    assertThat(read(bus, "t", 0, 0)).isInstanceOf(Rejected.class);
    assertThat(read(bus, "t", 0, 11))
        .isEqualTo(
            new Rejected(
                "limit must be between 1 and 10 (bounded.event-bus.max-page), but was 11"));
    assertThat(read(bus, "t", -1, 1)).isEqualTo(new Rejected("offset must be >= 0, but was -1"));
  }

  // ---- the event store bound

  @Test
  void publish_capacityOne_evictsPreviousEvent() {
    ActorRef<Command> bus = bus("max-events = 1");
    published(bus, "t", 0, 1);
    published(bus, "t", 1, 1);
    Page p = page(bus, "t", 0, 10);
    assertThat(texts(p.events())).containsExactly("e1");
    assertThat(p.earliest()).isEqualTo(1);
    ComponentStats s = stats(bus);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.evictions()).isEqualTo(1);
    assertThat(s.byCause(DropCause.SIZE)).isEqualTo(1);
  }

  @Test
  void publish_exactlyFull_evictsNothing() {
    ActorRef<Command> bus = bus("max-events = 3");
    published(bus, "a", 0, 2);
    published(bus, "b", 2, 1);
    ComponentStats s = stats(bus);
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.evictions()).isZero();
  }

  @Test
  void publish_fullPlusOne_evictsOldestOverAllTopics() {
    ActorRef<Command> bus = bus("max-events = 3");
    published(bus, "a", 0, 2);
    published(bus, "b", 2, 1);
    published(bus, "b", 3, 1);
    assertThat(texts(page(bus, "a", 0, 10).events())).containsExactly("e1");
    assertThat(texts(page(bus, "b", 0, 10).events())).containsExactly("e2", "e3");
    assertThat(stats(bus).size()).isEqualTo(3);
  }

  @Test
  void read_fromEvictedOffset_answersEarliestHeldSoReaderKnowsWhatItMissed() {
    ActorRef<Command> bus = bus("max-events = 3");
    publishEach(bus, "t", 0, 10);
    Page p = page(bus, "t", 2, 10);
    assertThat(p.earliest()).isEqualTo(7);
    assertThat(p.events()).extracting(Event::offset).containsExactly(7L, 8L, 9L);
    assertThat(p.next()).isEqualTo(10);
  }

  @Test
  void topic_forgottenAfterItsEventsLeave_neverReissuesAnOffset() {
    ActorRef<Command> bus = bus("max-events = 1");
    publishEach(bus, "a", 0, 3); // a: 0..2, a holds only offset 2
    published(bus, "b", 3, 1); // evicts a's last event; a is forgotten
    List<Long> again = published(bus, "a", 4, 1);
    assertThat(again.get(0)).isGreaterThan(2L);
  }

  @Test
  void cleanupTick_eventsPastRetention_areExpired() {
    ActorRef<Command> bus = bus("retention = 1h, cleanup-interval = 1m");
    published(bus, "t", 0, 2);
    clock.advance(Duration.ofMinutes(30));
    published(bus, "t", 2, 1);
    clock.advance(Duration.ofMinutes(31));
    manualTime.timePasses(Duration.ofMinutes(1));
    ComponentStats s = stats(bus);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.expirations()).isEqualTo(2);
    assertThat(s.cleanupRuns()).isGreaterThanOrEqualTo(1);
    assertThat(texts(page(bus, "t", 0, 10).events())).containsExactly("e2");
  }

  @Test
  void read_eventsPastRetentionBeforeTheTick_areNotServed() {
    ActorRef<Command> bus = bus("retention = 1h, cleanup-interval = 1h");
    published(bus, "t", 0, 1);
    clock.advance(Duration.ofHours(2));
    Page p = page(bus, "t", 0, 10);
    assertThat(p.events()).isEmpty();
  }

  // ---- subscriptions

  @Test
  void subscribe_liveEvents_deliveredInOffsetOrderInBatches() {
    ActorRef<Command> bus = bus("max-batch = 5");
    TestProbe<Delivery> s = testKit.createTestProbe(Delivery.class);
    subscribed(bus, "t", null, OverflowPolicy.DROP_OLDEST, s);
    published(bus, "t", 0, 5);
    published(bus, "t", 5, 5);
    List<Event> got = receiveEvents(s, 10);
    assertThat(got)
        .extracting(Event::offset)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void subscribe_partialBatch_isDeliveredAfterMaxBatchDelay() {
    ActorRef<Command> bus = bus("max-batch = 100, max-batch-delay = 10ms");
    TestProbe<Delivery> s = testKit.createTestProbe(Delivery.class);
    subscribed(bus, "t", null, OverflowPolicy.DROP_OLDEST, s);
    published(bus, "t", 0, 3);
    List<Event> got = new ArrayList<>();
    // The batch timer runs on ManualTime: move it until the three events, taken by the stream
    // asynchronously, have been grouped and sent (bounded: at most 100 steps).
    for (int i = 0; i < 100 && got.isEmpty(); i++) {
      manualTime.timePasses(Duration.ofMillis(10));
      try {
        EventBatch b = (EventBatch) s.receiveMessage(Duration.ofMillis(50));
        got.addAll(b.events());
        b.ack();
      } catch (AssertionError noBatchYet) {
        // not grouped yet
      }
    }
    assertThat(got).extracting(Event::offset).containsExactly(0L, 1L, 2L);
  }

  @Test
  void subscribe_fromOffset_replaysStoredEventsThenLive() {
    ActorRef<Command> bus = bus("max-batch = 1");
    published(bus, "t", 0, 3);
    TestProbe<Delivery> s = testKit.createTestProbe(Delivery.class);
    Reply r = subscribe(bus, "t", 1L, OverflowPolicy.DROP_NEWEST, s);
    assertThat(((Subscribed) r).startOffset()).isEqualTo(1);
    s.expectMessageClass(SubscriptionStarted.class).ack();
    published(bus, "t", 3, 1);
    assertThat(texts(receiveEvents(s, 3))).containsExactly("e1", "e2", "e3");
  }

  @Test
  void subscribe_fromEvictedOffset_startsAtEarliestHeld() {
    ActorRef<Command> bus = bus("max-events = 2, max-batch = 1");
    publishEach(bus, "t", 0, 5);
    TestProbe<Delivery> s = testKit.createTestProbe(Delivery.class);
    Reply r = subscribe(bus, "t", 0L, OverflowPolicy.DROP_NEWEST, s);
    assertThat(((Subscribed) r).startOffset()).isEqualTo(3);
  }

  @Test
  void subscribe_capacityOne_secondIsRejectedUntilFirstEnds() {
    ActorRef<Command> bus = bus("max-subscriptions = 1");
    TestProbe<Delivery> a = testKit.createTestProbe(Delivery.class);
    TestProbe<Delivery> b = testKit.createTestProbe(Delivery.class);
    long id = subscribed(bus, "t", null, OverflowPolicy.DROP_OLDEST, a);
    Reply refused = subscribe(bus, "u", null, OverflowPolicy.DROP_OLDEST, b);
    assertThat(refused)
        .isEqualTo(
            new Rejected(
                "the bus already serves 1 subscriptions (bounded.event-bus.max-subscriptions);"
                    + " retry later"));
    bus.tell(new Unsubscribe(id, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new Unsubscribed(id, true));
    assertThat(a.expectMessageClass(SubscriptionEnded.class).reason()).isEqualTo("unsubscribed");
    assertThat(subscribe(bus, "u", null, OverflowPolicy.DROP_OLDEST, b))
        .isInstanceOf(Subscribed.class);
  }

  @Test
  void subscribe_exactlyFullThenFullPlusOne_lastIsRejected() {
    ActorRef<Command> bus = bus("max-subscriptions = 3");
    for (int i = 0; i < 3; i++) {
      assertThat(
              subscribe(
                  bus,
                  "t",
                  null,
                  OverflowPolicy.DROP_OLDEST,
                  testKit.createTestProbe(Delivery.class)))
          .isInstanceOf(Subscribed.class);
    }
    assertThat(stats(bus).gauge("subscriptions")).isEqualTo(3);
    assertThat(
            subscribe(
                bus,
                "t",
                null,
                OverflowPolicy.DROP_OLDEST,
                testKit.createTestProbe(Delivery.class)))
        .isInstanceOf(Rejected.class);
    assertThat(stats(bus).gauge("subscriptions")).isEqualTo(3);
  }

  @Test
  void subscriber_stops_subscriptionIsRemoved() {
    ActorRef<Command> bus = bus("");
    TestProbe<Delivery> s = testKit.createTestProbe(Delivery.class);
    subscribed(bus, "t", null, OverflowPolicy.DROP_OLDEST, s);
    assertThat(stats(bus).gauge("subscriptions")).isEqualTo(1);
    s.stop();
    TestProbe<ComponentStats> st = testKit.createTestProbe(ComponentStats.class);
    st.awaitAssert(
        WAIT,
        () -> {
          bus.tell(new GetStats(st.ref()));
          assertThat(st.receiveMessage().gauge("subscriptions")).isZero();
          return null;
        });
    assertThat(stats(bus).gauge("topics")).isZero();
  }

  // ---- a deliberately slow subscriber: it never acknowledges its start

  /**
   * Subscribes a subscriber that never acknowledges, publishes three events and waits until the
   * stream has taken them and stalled: with max-batch 1 the stream holds three events outside the
   * buffer (one batch at the sink awaiting the ack, one full group in groupedWithin, one in
   * between), and from then on every further event stays in the buffer or is dropped.
   */
  private static final int STALLED = 3;

  private TestProbe<Delivery> stalled(ActorRef<Command> bus, OverflowPolicy policy) {
    TestProbe<Delivery> s = testKit.createTestProbe(Delivery.class);
    assertThat(subscribe(bus, "t", null, policy, s)).isInstanceOf(Subscribed.class);
    published(bus, "t", 0, STALLED);
    TestProbe<Reply> r = testKit.createTestProbe(Reply.class);
    r.awaitAssert(
        WAIT,
        () -> {
          bus.tell(new GetSubscriptions(null, r.ref().narrow()));
          SubscriptionInfo info = ((Subscriptions) r.receiveMessage()).subscriptions().get(0);
          assertThat(info.delivered()).isEqualTo(STALLED);
          assertThat(info.buffered()).isZero();
          return null;
        });
    return s;
  }

  @Test
  void slowSubscriber_dropOldest_keepsNewestAndCountsEveryDrop() {
    ActorRef<Command> bus = bus("buffer-size = 4, max-batch = 1");
    TestProbe<Delivery> s = stalled(bus, OverflowPolicy.DROP_OLDEST);
    published(bus, "t", 3, 10); // e3..e12 into a buffer of 4
    SubscriptionInfo info = only(bus);
    assertThat(info.buffered()).isEqualTo(4);
    assertThat(info.drops()).isEqualTo(6);
    ComponentStats st = stats(bus);
    assertThat(st.drops()).isEqualTo(6);
    assertThat(st.byCause(DropCause.SLOW_SUBSCRIBER)).isEqualTo(6);
    assertThat(st.gauge("buffered")).isEqualTo(4);
    s.expectMessageClass(SubscriptionStarted.class).ack();
    List<Event> got = receiveEvents(s, 7);
    assertThat(texts(got)).containsExactly("e0", "e1", "e2", "e9", "e10", "e11", "e12");
  }

  @Test
  void slowSubscriber_dropNewest_keepsOldestAndCountsEveryDrop() {
    ActorRef<Command> bus = bus("buffer-size = 4, max-batch = 1");
    TestProbe<Delivery> s = stalled(bus, OverflowPolicy.DROP_NEWEST);
    published(bus, "t", 3, 10);
    SubscriptionInfo info = only(bus);
    assertThat(info.buffered()).isEqualTo(4);
    assertThat(info.drops()).isEqualTo(6);
    s.expectMessageClass(SubscriptionStarted.class).ack();
    List<Event> got = receiveEvents(s, 7);
    assertThat(texts(got)).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6");
    published(bus, "t", 13, 1);
    manualTime.timePasses(Duration.ofMillis(10));
    EventBatch batchAfterDrops = s.expectMessageClass(EventBatch.class, WAIT);
    assertThat(batchAfterDrops.batch().drops()).isEqualTo(6);
  }

  @Test
  void slowSubscriber_backpressure_refusesThePublishAndStoresNothing() {
    ActorRef<Command> bus = bus("buffer-size = 4, max-batch = 1");
    TestProbe<Delivery> s = stalled(bus, OverflowPolicy.BACKPRESSURE);
    assertThat(published(bus, "t", 3, 4)).hasSize(4);
    Reply refused = publish(bus, "t", payloads(7, 1));
    assertThat(refused).isInstanceOf(Rejected.class);
    assertThat(((Rejected) refused).reason())
        .contains("has room for 0 of 1")
        .endsWith("retry later");
    assertThat(stats(bus).size()).isEqualTo(7);
    assertThat(only(bus).drops()).isZero();
    // the subscriber catches up; the publisher's retry is accepted
    s.expectMessageClass(SubscriptionStarted.class).ack();
    assertThat(texts(receiveEvents(s, 7)))
        .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6");
    assertThat(published(bus, "t", 7, 1)).containsExactly(7L);
  }

  @Test
  void backpressure_publishLargerThanBuffer_isRejectedAsNeverFitting() {
    ActorRef<Command> bus = bus("buffer-size = 2");
    subscribe(bus, "t", null, OverflowPolicy.BACKPRESSURE, testKit.createTestProbe(Delivery.class));
    Reply r = publish(bus, "t", payloads(0, 3));
    assertThat(((Rejected) r).reason()).contains("can never fit");
    assertThat(stats(bus).size()).isZero();
  }

  @Test
  void slowSubscriber_fail_endsTheSubscriptionWithAReason() {
    ActorRef<Command> bus = bus("buffer-size = 4, max-batch = 1");
    TestProbe<Delivery> s = stalled(bus, OverflowPolicy.FAIL);
    published(bus, "t", 3, 5);
    assertThat(s.expectMessageClass(SubscriptionStarted.class)).isNotNull();
    SubscriptionEnded ended = s.expectMessageClass(SubscriptionEnded.class, WAIT);
    assertThat(ended.reason()).contains("was full and its policy is fail");
    assertThat(subscriptions(bus)).isEmpty();
    assertThat(stats(bus).size()).isEqualTo(8);
  }

  @Test
  void cleanupTick_subscriptionStuckPastIdleTimeout_isRemoved() {
    ActorRef<Command> bus =
        bus(
            "buffer-size = 4, max-batch = 1, subscription-idle-timeout = 1m, cleanup-interval = 1m");
    TestProbe<Delivery> s = stalled(bus, OverflowPolicy.DROP_OLDEST);
    published(bus, "t", 3, 1);
    manualTime.timePasses(Duration.ofMinutes(1)); // notes the progress made so far
    assertThat(subscriptions(bus)).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    manualTime.timePasses(Duration.ofMinutes(1));
    assertThat(subscriptions(bus)).isEmpty();
    assertThat(s.expectMessageClass(SubscriptionStarted.class)).isNotNull();
    assertThat(s.expectMessageClass(SubscriptionEnded.class, WAIT).reason()).startsWith("idle");
    assertThat(stats(bus).byCause(DropCause.IDLE)).isEqualTo(1);
  }

  @Test
  void cleanupTick_subscriptionWithEmptyBuffer_isNeverIdle() {
    ActorRef<Command> bus = bus("subscription-idle-timeout = 1m, cleanup-interval = 1m");
    TestProbe<Delivery> s = testKit.createTestProbe(Delivery.class);
    subscribed(bus, "quiet", null, OverflowPolicy.DROP_OLDEST, s);
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      manualTime.timePasses(Duration.ofMinutes(1));
    }
    assertThat(subscriptions(bus)).hasSize(1);
  }

  // ---- stream consumers

  @Test
  void subscribeStream_consumerReceivesBatchesAndCancellingFreesTheSubscription() throws Exception {
    ActorRef<Command> bus = bus("max-batch = 2");
    published(bus, "t", 0, 4);
    bus.tell(new SubscribeStream("t", 0L, OverflowPolicy.DROP_OLDEST, replies.ref().narrow()));
    StreamSubscribed sub = (StreamSubscribed) replies.receiveMessage();
    List<Batch> batches =
        JavaFlowSupport.Source.fromPublisher(sub.batches())
            .take(2)
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertThat(batches.stream().flatMap(b -> b.events().stream()).map(Event::offset))
        .containsExactly(0L, 1L, 2L, 3L);
    TestProbe<ComponentStats> st = testKit.createTestProbe(ComponentStats.class);
    st.awaitAssert(
        WAIT,
        () -> {
          bus.tell(new GetStats(st.ref()));
          assertThat(st.receiveMessage().gauge("subscriptions")).isZero();
          return null;
        });
  }

  @Test
  void subscribe_backpressureReplayLargerThanBuffer_isRejected() {
    ActorRef<Command> bus = bus("buffer-size = 2");
    published(bus, "t", 0, 3);
    Reply r =
        subscribe(
            bus, "t", 0L, OverflowPolicy.BACKPRESSURE, testKit.createTestProbe(Delivery.class));
    assertThat(((Rejected) r).reason()).contains("replaying 3 stored events");
  }
}
