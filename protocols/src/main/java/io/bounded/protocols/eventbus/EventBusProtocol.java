package io.bounded.protocols.eventbus;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * Messages of the event bus: named topics, a bounded store of events that can be replayed, and
 * bounded subscriptions with batched, backpressured delivery ({@code bounded.event-bus.*}).
 *
 * <p>Contract: the bus stores at most {@code max-events} events over all topics (a publish past it
 * evicts the oldest event) and none older than {@code retention}; it serves at most {@code
 * max-subscriptions} subscriptions (a subscribe past it is {@link Rejected}: a live subscriber is
 * never evicted). Every stored event has a per-topic offset, contiguous while the bus knows the
 * topic and monotonic forever (a topic the bus forgot, because it held no events and no
 * subscriptions, starts again above every offset the bus ever issued). Each subscription has its
 * own buffer of {@code buffer-size} events and an {@link OverflowPolicy}; events reach it in
 * batches of at most {@code max-batch}, in offset order. Bad input (topic name, payload size, batch
 * size, page limit) is answered {@link Rejected} with a reason and changes nothing; a request that
 * finds the bus's inbox full is answered {@link Rejected} by the runtime.
 */
public interface EventBusProtocol {

  /** Every message the event bus accepts. */
  sealed interface Command {}

  /** The actor's own messages (ticks, stream signals); implemented only by the event bus actor. */
  non-sealed interface Internal extends Command {}

  /** Every reply the bus sends to a requester. */
  sealed interface Reply {}

  /** Answer to {@link Publish}: {@link Published} or {@link Rejected}. */
  sealed interface PublishReply extends Reply {}

  /** Answer to {@link Read}: {@link Page} or {@link Rejected}. */
  sealed interface ReadReply extends Reply {}

  /** Answer to {@link Subscribe}: {@link Subscribed} or {@link Rejected}. */
  sealed interface SubscribeReply extends Reply {}

  /** Answer to {@link SubscribeStream}: {@link StreamSubscribed} or {@link Rejected}. */
  sealed interface SubscribeStreamReply extends Reply {}

  /** Answer to {@link Unsubscribe}: {@link Unsubscribed} or {@link Rejected}. */
  sealed interface UnsubscribeReply extends Reply {}

  /** Answer to {@link GetSubscriptions}: {@link Subscriptions} or {@link Rejected}. */
  sealed interface SubscriptionsReply extends Reply {}

  /** What an actor subscriber receives; see {@link Subscribe}. */
  sealed interface Delivery {}

  /** What a subscriber sends back for each {@link SubscriptionStarted} and {@link EventBatch}. */
  enum Ack {
    INSTANCE
  }

  /** How a subscription's full buffer treats one more event. */
  enum OverflowPolicy {
    /** Drop the oldest buffered event to make room (counted). The subscriber sees the newest. */
    DROP_OLDEST("drop-oldest"),
    /** Drop the new event (counted). The subscriber sees the oldest. */
    DROP_NEWEST("drop-newest"),
    /**
     * Refuse the publish: while this subscriber's buffer cannot take a publish, the publisher is
     * answered {@link Rejected} and nothing is stored. Nothing is dropped for this subscriber.
     */
    BACKPRESSURE("backpressure"),
    /** End the subscription with a reason; the subscriber receives {@link SubscriptionEnded}. */
    FAIL("fail");

    private final String configName;

    OverflowPolicy(String configName) {
      this.configName = configName;
    }

    /** The name used over HTTP, e.g. {@code drop-oldest}. */
    public String configName() {
      return configName;
    }

    /** The policy named {@code name} ({@code drop-oldest}, …), or {@code null}. */
    public static OverflowPolicy fromName(String name) {
      for (OverflowPolicy p : values()) {
        if (p.configName.equals(name)) {
          return p;
        }
      }
      return null;
    }
  }

  // ---- values

  /**
   * One stored event.
   *
   * @param topic the topic it was published to
   * @param offset its position in the topic; contiguous within a topic the bus knows
   * @param timestamp when the bus stored it (the bus's clock; never earlier than the event before)
   * @param payload the bytes published (UTF-8 JSON when published over HTTP)
   */
  record Event(String topic, long offset, Instant timestamp, ByteString payload) {
    public Event {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /**
   * Events delivered to one subscription at once, in offset order.
   *
   * @param subscriptionId the subscription
   * @param events at most {@code max-batch} events
   * @param drops events dropped for this subscription so far (its overflow policy), a running total
   */
  record Batch(long subscriptionId, List<Event> events, long drops) {
    public Batch {
      events = List.copyOf(events);
    }
  }

  /**
   * A subscription's state, for {@link GetSubscriptions}.
   *
   * @param id the subscription
   * @param topic its topic
   * @param policy its overflow policy
   * @param stream whether a stream consumer (true) or an actor (false) consumes it
   * @param buffered events waiting in its buffer now (at most {@code buffer-size})
   * @param delivered events taken from its buffer by the delivery stream so far
   * @param drops events its overflow policy dropped so far
   * @param lag events published to the topic since subscribing that it has not taken yet
   */
  record SubscriptionInfo(
      long id,
      String topic,
      OverflowPolicy policy,
      boolean stream,
      long buffered,
      long delivered,
      long drops,
      long lag) {
    public SubscriptionInfo {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(policy, "policy");
    }
  }

  // ---- requests

  /**
   * Publishes one or more events to a topic, all or nothing. Replies {@link Published} with their
   * offsets. At most {@code max-events} payloads per publish, each at most {@code
   * max-payload-bytes}. Refused ({@link Rejected}) when a {@link OverflowPolicy#BACKPRESSURE}
   * subscriber of the topic cannot take them all.
   *
   * @param replyTo where to answer, or {@code null} to publish without waiting (a refusal is then
   *     only counted)
   */
  record Publish(String topic, List<ByteString> payloads, ActorRef<PublishReply> replyTo)
      implements Command, Rejectable {
    public Publish {
      Objects.requireNonNull(topic, "topic");
      payloads = List.copyOf(payloads);
    }

    /** One event, fire and forget. */
    public static Publish of(String topic, ByteString payload) {
      return new Publish(topic, List.of(payload), null);
    }

    /** One event, answered. */
    public static Publish one(String topic, ByteString payload, ActorRef<PublishReply> replyTo) {
      return new Publish(topic, List.of(payload), replyTo);
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Reads a page of a topic's stored events. Replies {@link Page}.
   *
   * @param from the first offset wanted; an offset already evicted starts at the earliest held
   * @param since when not null, the page starts at the first event stored at or after this instant
   *     (and at or after {@code from})
   * @param limit most events returned, 1..{@code max-page}
   */
  record Read(String topic, long from, Instant since, int limit, ActorRef<ReadReply> replyTo)
      implements Command, Rejectable {
    public Read {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Subscribes an actor to a topic. The actor first receives {@link SubscriptionStarted}, then
   * {@link EventBatch}es; it must answer each of them with {@link Ack} (see {@code ack()}) before
   * the next one is sent, which is how a slow subscriber slows its own delivery without growing
   * anything. The subscription ends ({@link SubscriptionEnded}) on {@link Unsubscribe}, when the
   * actor stops (the bus watches it), when it makes no progress for {@code
   * subscription-idle-timeout} while events wait, or under {@link OverflowPolicy#FAIL}. Replies
   * {@link Subscribed}.
   *
   * @param from first offset to deliver (stored events from there are replayed into the buffer, as
   *     many as its policy keeps), or {@code null} for new events only
   * @param policy what a full buffer does
   */
  record Subscribe(
      String topic,
      Long from,
      OverflowPolicy policy,
      ActorRef<Delivery> subscriber,
      ActorRef<SubscribeReply> replyTo)
      implements Command, Rejectable {
    public Subscribe {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(subscriber, "subscriber");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Subscribes a stream consumer to a topic. Replies {@link StreamSubscribed} with a publisher of
   * {@link Batch}es that accepts one subscriber; cancelling it (or not subscribing within Pekko's
   * {@code pekko.stream.materializer.subscription-timeout}) ends the subscription. Otherwise as
   * {@link Subscribe}.
   */
  record SubscribeStream(
      String topic, Long from, OverflowPolicy policy, ActorRef<SubscribeStreamReply> replyTo)
      implements Command, Rejectable {
    public SubscribeStream {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Ends a subscription. Replies {@link Unsubscribed}.
   *
   * @param replyTo where to answer, or {@code null}
   */
  record Unsubscribe(long subscriptionId, ActorRef<UnsubscribeReply> replyTo)
      implements Command, Rejectable {
    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Lists subscriptions with their buffer, drops and lag. Replies {@link Subscriptions}.
   *
   * @param topic only this topic's, or {@code null} for all
   */
  record GetSubscriptions(String topic, ActorRef<SubscriptionsReply> replyTo)
      implements Command, Rejectable {
    public GetSubscriptions {
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Asks for the bus's {@link ComponentStats} (name {@code event-bus}; size = stored events; gauges
   * {@code topics}, {@code subscriptions}, {@code max-subscriptions}, {@code buffered}).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  // ---- replies

  /**
   * The events are stored.
   *
   * @param offsets their offsets, in publish order
   */
  record Published(String topic, List<Long> offsets) implements PublishReply {
    public Published {
      offsets = List.copyOf(offsets);
    }
  }

  /**
   * A page of stored events.
   *
   * @param events in offset order
   * @param earliest the earliest offset the topic still holds (equal to {@code next} when it holds
   *     none); a reader that asked for less missed {@code earliest - from} events
   * @param next the offset to read from for the following page
   */
  record Page(String topic, List<Event> events, long earliest, long next) implements ReadReply {
    public Page {
      events = List.copyOf(events);
    }
  }

  /**
   * The subscription is live.
   *
   * @param startOffset the first offset it will deliver (the earliest held if {@code from} was
   *     already evicted; the topic's next offset for new events only)
   */
  record Subscribed(long subscriptionId, String topic, long startOffset)
      implements SubscribeReply {}

  /**
   * The stream subscription is live.
   *
   * @param batches the deliveries, for exactly one subscriber
   */
  record StreamSubscribed(
      long subscriptionId, String topic, long startOffset, Flow.Publisher<Batch> batches)
      implements SubscribeStreamReply {
    public StreamSubscribed {
      Objects.requireNonNull(batches, "batches");
    }
  }

  /**
   * Answer to {@link Unsubscribe}.
   *
   * @param existed whether a live subscription was ended
   */
  record Unsubscribed(long subscriptionId, boolean existed) implements UnsubscribeReply {}

  /** Answer to {@link GetSubscriptions}. */
  record Subscriptions(List<SubscriptionInfo> subscriptions) implements SubscriptionsReply {
    public Subscriptions {
      subscriptions = List.copyOf(subscriptions);
    }
  }

  /**
   * The request was refused and changed nothing.
   *
   * @param reason why, naming the field or bound
   */
  record Rejected(String reason)
      implements PublishReply,
          ReadReply,
          SubscribeReply,
          SubscribeStreamReply,
          UnsubscribeReply,
          SubscriptionsReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  // ---- deliveries to an actor subscriber

  /** The subscription is live; answer with {@link #ack()} to receive the first batch. */
  record SubscriptionStarted(long subscriptionId, String topic, ActorRef<Ack> ackTo)
      implements Delivery {
    public SubscriptionStarted {
      Objects.requireNonNull(ackTo, "ackTo");
    }

    /** Asks for the first batch. */
    public void ack() {
      ackTo.tell(Ack.INSTANCE);
    }
  }

  /** A batch of events; answer with {@link #ack()} to receive the next. */
  record EventBatch(Batch batch, ActorRef<Ack> ackTo) implements Delivery {
    public EventBatch {
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(ackTo, "ackTo");
    }

    /** The events of this batch. */
    public List<Event> events() {
      return batch.events();
    }

    /** Asks for the next batch. */
    public void ack() {
      ackTo.tell(Ack.INSTANCE);
    }
  }

  /**
   * The subscription ended; nothing more will be delivered.
   *
   * @param reason why ({@code unsubscribed}, the overflow policy, idle, the bus stopping)
   */
  record SubscriptionEnded(long subscriptionId, String reason) implements Delivery {
    public SubscriptionEnded {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
