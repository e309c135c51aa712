package io.bounded.actors.eventbus;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.config.EventBusSettings;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.eventbus.EventBusProtocol;
import io.bounded.protocols.eventbus.EventBusProtocol.Ack;
import io.bounded.protocols.eventbus.EventBusProtocol.Batch;
import io.bounded.protocols.eventbus.EventBusProtocol.Command;
import io.bounded.protocols.eventbus.EventBusProtocol.Delivery;
import io.bounded.protocols.eventbus.EventBusProtocol.Event;
import io.bounded.protocols.eventbus.EventBusProtocol.EventBatch;
import io.bounded.protocols.eventbus.EventBusProtocol.GetStats;
import io.bounded.protocols.eventbus.EventBusProtocol.GetSubscriptions;
import io.bounded.protocols.eventbus.EventBusProtocol.OverflowPolicy;
import io.bounded.protocols.eventbus.EventBusProtocol.Page;
import io.bounded.protocols.eventbus.EventBusProtocol.Publish;
import io.bounded.protocols.eventbus.EventBusProtocol.Published;
import io.bounded.protocols.eventbus.EventBusProtocol.Read;
import io.bounded.protocols.eventbus.EventBusProtocol.Rejected;
import io.bounded.protocols.eventbus.EventBusProtocol.StreamSubscribed;
import io.bounded.protocols.eventbus.EventBusProtocol.Subscribe;
import io.bounded.protocols.eventbus.EventBusProtocol.SubscribeStream;
import io.bounded.protocols.eventbus.EventBusProtocol.Subscribed;
import io.bounded.protocols.eventbus.EventBusProtocol.SubscriptionEnded;
import io.bounded.protocols.eventbus.EventBusProtocol.SubscriptionInfo;
import io.bounded.protocols.eventbus.EventBusProtocol.SubscriptionStarted;
import io.bounded.protocols.eventbus.EventBusProtocol.Subscriptions;
import io.bounded.protocols.eventbus.EventBusProtocol.Unsubscribe;
import io.bounded.protocols.eventbus.EventBusProtocol.Unsubscribed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.apache.pekko.util.ByteString;

/**
 * The event bus: topics, a bounded store of events that late readers can replay, and bounded
 * subscriptions fed through Pekko Streams.
 *
 * <p><b>State.</b> The store is one FIFO of every event in publish order plus one {@link EventLog}
 * per topic (the same events, indexable by offset and time). Topics are kept only while they hold
 * events or subscriptions, so there are at most {@code max-events + max-subscriptions} of them; a
 * new topic's offsets start at the bus's global sequence, so a forgotten topic never reissues an
 * offset. Subscriptions live in a map of at most {@code max-subscriptions}; each owns a {@link
 * DeliveryBuffer} of {@code buffer-size} events and a materialised stream {@code buffer →
 * groupedWithin(max-batch, max-batch-delay) → subscriber}.
 *
 * <p><b>Bounds.</b> A publish past {@code max-events} evicts the oldest event (cause {@code size});
 * events older than {@code retention} are dropped when met on publish and read, and by the tick
 * (cause {@code expired}). A subscribe past {@code max-subscriptions} is refused. A full buffer
 * applies its subscription's policy: drop the oldest or the newest (each counted, cause {@code
 * slow-subscriber}), refuse the publish ({@code backpressure}: checked for the whole publish before
 * anything is stored), or end the subscription ({@code fail}). What one subscription holds is its
 * buffer plus one batch forming in {@code groupedWithin} plus one batch awaiting the subscriber's
 * ack.
 *
 * <p><b>Tick.</b> Every {@code cleanup-interval}: drop expired events (cost: the expired ones), and
 * remove subscriptions whose buffer held events but whose stream took none for {@code
 * subscription-idle-timeout} (cost: one look at each subscription). A failing tick is logged and
 * counted; the next one tries again.
 *
 * <p><b>Lifecycle.</b> Subscriber actors are watched: a subscription ends the moment its actor
 * stops. A stream that ends for any reason (the consumer cancelled, an HTTP client went away)
 * reports back and its subscription is removed. On stop or restart every subscription is ended, and
 * the streams, materialised on this actor's own materialiser, stop with it.
 */
public final class EventBusActor extends AbstractBehavior<Command> {

  /** The component's name in stats, metrics and logs. */
  public static final String NAME = "event-bus";

  private enum CleanupTick implements EventBusProtocol.Internal {
    INSTANCE
  }

  /** A subscription's stream stopped (consumer cancelled, subscriber gone, ended by the bus). */
  private record DeliveryStopped(long id) implements EventBusProtocol.Internal {}

  /** A watched subscriber actor stopped. */
  private record SubscriberTerminated(ActorRef<Delivery> subscriber)
      implements EventBusProtocol.Internal {}

  private static final class Topic {
    final String name;
    final EventLog log = new EventLog();
    final List<Sub> subs = new ArrayList<>(2);
    long nextOffset;

    Topic(String name, long nextOffset) {
      this.name = name;
      this.nextOffset = nextOffset;
    }

    long earliest() {
      return log.isEmpty() ? nextOffset : log.get(0).offset();
    }
  }

  private static final class Sub {
    final long id;
    final Topic topic;
    final OverflowPolicy policy;
    final DeliveryBuffer buffer;
    final ActorRef<Delivery> subscriber; // null for a stream consumer
    final long startOffset;
    long lastProgressMillis;
    long lastTaken;

    Sub(
        long id,
        Topic topic,
        OverflowPolicy policy,
        DeliveryBuffer buffer,
        ActorRef<Delivery> subscriber,
        long startOffset,
        long nowMillis) {
      this.id = id;
      this.topic = topic;
      this.policy = policy;
      this.buffer = buffer;
      this.subscriber = subscriber;
      this.startOffset = startOffset;
      this.lastProgressMillis = nowMillis;
    }
  }

  private final EventBusSettings settings;
  private final Clock clock;
  private final Materializer materializer;
  private final long retentionMillis;
  private final Map<String, Topic> topics = new HashMap<>();
  private final ArrayDeque<Event> all = new ArrayDeque<>();
  private final Map<Long, Sub> subs = new LinkedHashMap<>();
  private final Map<ActorRef<Delivery>, Integer> watched = new HashMap<>();
  private final ComponentCounters counters;
  private long nextGlobal;
  private long nextSubscriptionId = 1;
  private long lastTimestamp;

  /**
   * @param settings the bounds
   * @param clock the clock event ages are measured with
   * @param mailboxOverflows the runtime's count of messages this actor's bounded inbox refused
   */
  public static Behavior<Command> create(
      EventBusSettings settings, Clock clock, LongAdder mailboxOverflows) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new EventBusActor(ctx, timers, settings, clock, mailboxOverflows)));
  }

  /** An event bus with its own overflow counter, for tests and standalone use. */
  public static Behavior<Command> create(EventBusSettings settings, Clock clock) {
    return create(settings, clock, new LongAdder());
  }

  private EventBusActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      EventBusSettings settings,
      Clock clock,
      LongAdder mailboxOverflows) {
    super(context);
    this.settings = settings;
    this.clock = clock;
    this.retentionMillis = settings.retention().toMillis();
    // Streams die with this actor (and with its restarts).
    this.materializer = Materializer.createMaterializer(context);
    this.counters = new ComponentCounters(NAME, clock, mailboxOverflows);
    timers.startTimerWithFixedDelay(CleanupTick.INSTANCE, settings.cleanupInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Publish.class, this::onPublish)
        .onMessage(Read.class, this::onRead)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(SubscribeStream.class, this::onSubscribeStream)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(GetSubscriptions.class, this::onGetSubscriptions)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(DeliveryStopped.class, this::onDeliveryStopped)
        .onMessage(SubscriberTerminated.class, this::onSubscriberTerminated)
        .onMessageEquals(CleanupTick.INSTANCE, this::onCleanup)
        .onSignal(PostStop.class, signal -> onStop())
        .onSignal(PreRestart.class, signal -> onStop())
        .build();
  }

  // ---- publish and read

  private Behavior<Command> onPublish(Publish p) {
    String problem = EventBusRequests.publishProblem(settings, p.topic(), p.payloads());
    long now = clock.millis();
    expire(now);
    Topic existing = topics.get(p.topic());
    if (problem == null && existing != null) {
      problem = backpressureProblem(existing, p.payloads().size());
    }
    if (problem != null) {
      counters.rejected();
      if (p.replyTo() != null) {
        p.replyTo().tell(new Rejected(problem));
      }
      return this;
    }
    long ts = Math.max(now, lastTimestamp);
    lastTimestamp = ts;
    Instant timestamp = Instant.ofEpochMilli(ts);
    List<Long> offsets = p.replyTo() == null ? null : new ArrayList<>(p.payloads().size());
    List<Sub> failed = null;
    Topic topic = existing;
    for (ByteString payload : p.payloads()) {
      if (all.size() >= settings.maxEvents()) {
        evictOldest(p.topic(), now);
      }
      if (topic == null) {
        topic = new Topic(p.topic(), nextGlobal);
        topics.put(topic.name, topic);
      }
      Event e = new Event(topic.name, topic.nextOffset++, timestamp, payload);
      nextGlobal++;
      all.addLast(e);
      topic.log.add(e);
      counters.inserted();
      if (offsets != null) {
        offsets.add(e.offset());
      }
      for (Sub s : topic.subs) {
        if (!offer(s, e, now)) {
          failed = failed == null ? new ArrayList<>(1) : failed;
          failed.add(s);
        }
      }
    }
    if (failed != null) {
      for (Sub s : failed) {
        endSubscription(
            s,
            s.policy == OverflowPolicy.FAIL
                ? "its buffer of "
                    + settings.bufferSize()
                    + " events (bounded.event-bus.buffer-size) was full and its policy is fail"
                : "its stream had ended");
      }
    }
    if (p.replyTo() != null) {
      p.replyTo().tell(new Published(p.topic(), offsets));
    }
    return this;
  }

  /** Offers one event to a subscription; false when the subscription must end. */
  private boolean offer(Sub s, Event e, long now) {
    switch (s.buffer.offer(e, s.policy)) {
      case ENQUEUED:
        return true;
      case DROPPED_OLDEST:
      case DROPPED_NEWEST:
        counters.dropped(DropCause.SLOW_SUBSCRIBER, s.topic.name);
        return true;
      case FULL:
        if (s.policy == OverflowPolicy.BACKPRESSURE) {
          // Checked before the publish; the stream only ever frees room, so this cannot happen.
          counters.dropped(DropCause.SLOW_SUBSCRIBER, s.topic.name);
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  private String backpressureProblem(Topic topic, int count) {
    for (Sub s : topic.subs) {
      if (s.policy != OverflowPolicy.BACKPRESSURE) {
        continue;
      }
      if (count > settings.bufferSize()) {
        return "a publish of "
            + count
            + " events can never fit the buffer of backpressure subscription "
            + s.id
            + " ("
            + settings.bufferSize()
            + " events, bounded.event-bus.buffer-size); publish smaller batches";
      }
      int free = s.buffer.free();
      if (free < count) {
        return "backpressure subscription "
            + s.id
            + " of topic "
            + topic.name
            + " has room for "
            + free
            + " of "
            + count
            + " events (buffer-size "
            + settings.bufferSize()
            + "); retry later";
      }
    }
    return null;
  }

  private Behavior<Command> onRead(Read r) {
    String problem = EventBusRequests.topicProblem(settings, r.topic());
    if (problem == null) {
      problem = EventBusRequests.limitProblem(settings, r.limit());
    }
    if (problem == null) {
      problem = EventBusRequests.offsetProblem(r.from());
    }
    if (problem != null) {
      counters.rejected();
      r.replyTo().tell(new Rejected(problem));
      return this;
    }
    expire(clock.millis());
    Topic t = topics.get(r.topic());
    if (t == null) {
      counters.missed();
      r.replyTo().tell(new Page(r.topic(), List.of(), nextGlobal, Math.max(nextGlobal, r.from())));
      return this;
    }
    int index = t.log.indexOf(r.from());
    if (r.since() != null) {
      index = Math.max(index, t.log.indexAtOrAfter(r.since()));
    }
    int end = (int) Math.min(t.log.size(), (long) index + r.limit());
    List<Event> events = new ArrayList<>(Math.max(0, end - index));
    for (int i = index; i < end; i++) {
      events.add(t.log.get(i));
    }
    long next;
    if (!events.isEmpty()) {
      counters.hit();
      next = events.get(events.size() - 1).offset() + 1;
    } else {
      counters.missed();
      next = r.from() > t.nextOffset ? r.from() : t.nextOffset;
    }
    r.replyTo().tell(new Page(r.topic(), events, t.earliest(), next));
    return this;
  }

  // ---- subscriptions

  private Behavior<Command> onSubscribe(Subscribe s) {
    String problem = subscribeProblem(s.topic(), s.from(), s.policy());
    if (problem != null) {
      counters.rejected();
      s.replyTo().tell(new Rejected(problem));
      return this;
    }
    Sub sub = newSubscription(s.topic(), s.from(), s.policy(), s.subscriber());
    long id = sub.id;
    String topic = s.topic();
    batches(sub)
        .to(
            ActorSink.<Batch, Delivery, Ack>actorRefWithBackpressure(
                    s.subscriber(),
                    (ackTo, batch) -> new EventBatch(batch, ackTo),
                    ackTo -> new SubscriptionStarted(id, topic, ackTo),
                    Ack.INSTANCE,
                    new SubscriptionEnded(id, "ended"),
                    error -> new SubscriptionEnded(id, reason(error)))
                // one batch waits for the subscriber's ack; the sink holds no more
                .withAttributes(Attributes.inputBuffer(1, 1)))
        .run(materializer);
    Integer n = watched.get(s.subscriber());
    if (n == null) {
      getContext().watchWith(s.subscriber(), new SubscriberTerminated(s.subscriber()));
    }
    watched.put(s.subscriber(), n == null ? 1 : n + 1);
    s.replyTo().tell(new Subscribed(id, topic, sub.startOffset));
    return this;
  }

  private Behavior<Command> onSubscribeStream(SubscribeStream s) {
    String problem = subscribeProblem(s.topic(), s.from(), s.policy());
    if (problem != null) {
      counters.rejected();
      s.replyTo().tell(new Rejected(problem));
      return this;
    }
    Sub sub = newSubscription(s.topic(), s.from(), s.policy(), null);
    Flow.Publisher<Batch> publisher =
        batches(sub)
            .toMat(JavaFlowSupport.Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), Keep.right())
            .run(materializer);
    s.replyTo().tell(new StreamSubscribed(sub.id, s.topic(), sub.startOffset, publisher));
    return this;
  }

  private String subscribeProblem(String topic, Long from, OverflowPolicy policy) {
    String problem = EventBusRequests.topicProblem(settings, topic);
    if (problem == null && from != null) {
      problem = EventBusRequests.offsetProblem(from);
    }
    if (problem == null && subs.size() >= settings.maxSubscriptions()) {
      problem =
          "the bus already serves "
              + subs.size()
              + " subscriptions (bounded.event-bus.max-subscriptions); retry later";
    }
    if (problem == null
        && from != null
        && (policy == OverflowPolicy.BACKPRESSURE || policy == OverflowPolicy.FAIL)) {
      expire(clock.millis());
      Topic t = topics.get(topic);
      int replay = t == null ? 0 : t.log.size() - t.log.indexOf(from);
      if (replay > settings.bufferSize()) {
        problem =
            "replaying "
                + replay
                + " stored events from offset "
                + from
                + " exceeds the buffer of "
                + settings.bufferSize()
                + " events (bounded.event-bus.buffer-size) under policy "
                + policy.configName()
                + "; read the backlog with pages first, then subscribe from a later offset";
      }
    }
    return problem;
  }

  private Sub newSubscription(
      String topicName, Long from, OverflowPolicy policy, ActorRef<Delivery> subscriber) {
    long now = clock.millis();
    expire(now);
    Topic topic = topics.get(topicName);
    if (topic == null) {
      topic = new Topic(topicName, nextGlobal);
      topics.put(topicName, topic);
    }
    long id = nextSubscriptionId++;
    ActorRef<Command> self = getContext().getSelf();
    DeliveryBuffer buffer =
        new DeliveryBuffer(settings.bufferSize(), () -> self.tell(new DeliveryStopped(id)));
    long start = from == null ? topic.nextOffset : Math.max(from, topic.earliest());
    Sub sub = new Sub(id, topic, policy, buffer, subscriber, start, now);
    for (int i = topic.log.indexOf(start); i < topic.log.size(); i++) {
      offer(sub, topic.log.get(i), now);
    }
    subs.put(id, sub);
    topic.subs.add(sub);
    return sub;
  }

  private Source<Batch, NotUsed> batches(Sub sub) {
    long id = sub.id;
    DeliveryBuffer buffer = sub.buffer;
    return Source.fromGraph(buffer.source())
        .groupedWithin(settings.maxBatch(), settings.maxBatchDelay())
        .map(events -> new Batch(id, events, buffer.drops()));
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe u) {
    Sub s = subs.get(u.subscriptionId());
    if (s != null) {
      endSubscription(s, "unsubscribed");
      counters.removedExplicitly(1);
    }
    if (u.replyTo() != null) {
      u.replyTo().tell(new Unsubscribed(u.subscriptionId(), s != null));
    }
    return this;
  }

  private Behavior<Command> onGetSubscriptions(GetSubscriptions g) {
    List<SubscriptionInfo> out = new ArrayList<>();
    for (Sub s : subs.values()) {
      if (g.topic() == null || g.topic().equals(s.topic.name)) {
        out.add(info(s));
      }
    }
    g.replyTo().tell(new Subscriptions(out));
    return this;
  }

  private SubscriptionInfo info(Sub s) {
    long lastTaken = s.buffer.lastTakenOffset();
    long nextWanted = lastTaken < 0 ? s.startOffset : lastTaken + 1;
    return new SubscriptionInfo(
        s.id,
        s.topic.name,
        s.policy,
        s.subscriber == null,
        s.buffer.size(),
        s.buffer.taken(),
        s.buffer.drops(),
        Math.max(0, s.topic.nextOffset - nextWanted));
  }

  private Behavior<Command> onDeliveryStopped(DeliveryStopped d) {
    Sub s = subs.get(d.id());
    if (s != null) {
      getContext().getLog().debug("subscription {} of {}: its stream ended", s.id, s.topic.name);
      removeSubscription(s);
    }
    return this;
  }

  private Behavior<Command> onSubscriberTerminated(SubscriberTerminated t) {
    List<Sub> gone = new ArrayList<>();
    for (Sub s : subs.values()) {
      if (t.subscriber().equals(s.subscriber)) {
        gone.add(s);
      }
    }
    for (Sub s : gone) {
      endSubscription(s, "the subscriber stopped");
    }
    watched.remove(t.subscriber());
    return this;
  }

  private void endSubscription(Sub s, String reason) {
    s.buffer.end(reason);
    removeSubscription(s);
  }

  private void removeSubscription(Sub s) {
    if (subs.remove(s.id) == null) {
      return;
    }
    s.topic.subs.remove(s);
    forgetIfUnused(s.topic, null);
    if (s.subscriber != null) {
      Integer n = watched.get(s.subscriber);
      if (n != null && n <= 1) {
        watched.remove(s.subscriber);
        getContext().unwatch(s.subscriber);
      } else if (n != null) {
        watched.put(s.subscriber, n - 1);
      }
    }
  }

  // ---- bounds

  private void evictOldest(String publishing, long now) {
    Event e = all.pollFirst();
    if (e == null) {
      return;
    }
    Topic t = topics.get(e.topic());
    t.log.removeFirst();
    counters.evicted(DropCause.SIZE, e.topic(), now);
    forgetIfUnused(t, publishing);
  }

  /** Drops events past retention; cost is the number dropped. */
  private void expire(long now) {
    long cutoff = now - retentionMillis;
    Event e;
    while ((e = all.peekFirst()) != null && e.timestamp().toEpochMilli() <= cutoff) {
      all.pollFirst();
      Topic t = topics.get(e.topic());
      t.log.removeFirst();
      counters.expired(e.topic(), now);
      forgetIfUnused(t, null);
    }
  }

  private void forgetIfUnused(Topic t, String keep) {
    if (t.log.isEmpty() && t.subs.isEmpty() && !t.name.equals(keep)) {
      topics.remove(t.name);
    }
  }

  private Behavior<Command> onCleanup() {
    counters.runCleanup(
        getContext().getLog(),
        () -> {
          long now = clock.millis();
          int before = all.size();
          expire(now);
          List<Sub> idle = new ArrayList<>();
          long idleMillis = settings.subscriptionIdleTimeout().toMillis();
          for (Sub s : subs.values()) {
            long taken = s.buffer.taken();
            if (taken != s.lastTaken || s.buffer.size() == 0) {
              s.lastTaken = taken;
              s.lastProgressMillis = now;
            } else if (now - s.lastProgressMillis >= idleMillis) {
              idle.add(s);
            }
          }
          for (Sub s : idle) {
            endSubscription(
                s,
                "idle: its consumer took no event for "
                    + settings.subscriptionIdleTimeout()
                    + " (bounded.event-bus.subscription-idle-timeout)");
            counters.evicted(DropCause.IDLE, s.topic.name, now);
          }
          getContext()
              .getLog()
              .debug(
                  "event bus cleanup: {} expired events, {} idle subscriptions removed",
                  before - all.size(),
                  idle.size());
        });
    return this;
  }

  private Behavior<Command> onGetStats(GetStats g) {
    long buffered = 0;
    for (Sub s : subs.values()) {
      buffered += s.buffer.size();
    }
    g.replyTo()
        .tell(
            counters.snapshot(
                all.size(),
                settings.maxEvents(),
                Map.of(
                    "topics", (long) topics.size(),
                    "subscriptions", (long) subs.size(),
                    "max-subscriptions", (long) settings.maxSubscriptions(),
                    "buffered", buffered,
                    "mailbox-capacity", (long) settings.mailboxCapacity())));
    return this;
  }

  private Behavior<Command> onStop() {
    for (Sub s : new ArrayList<>(subs.values())) {
      s.buffer.end("the event bus stopped");
    }
    subs.clear();
    topics.clear();
    all.clear();
    return this;
  }

  private static String reason(Throwable error) {
    if (error instanceof DeliveryBuffer.Ended ended) {
      return ended.getMessage();
    }
    return error.getClass().getSimpleName()
        + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }
}
