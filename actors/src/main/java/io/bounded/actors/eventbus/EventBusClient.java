package io.bounded.actors.eventbus;

import io.bounded.actors.support.EdgeFutures;
import io.bounded.actors.support.RejectedException;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.eventbus.EventBusProtocol;
import io.bounded.protocols.eventbus.EventBusProtocol.Command;
import io.bounded.protocols.eventbus.EventBusProtocol.OverflowPolicy;
import io.bounded.protocols.eventbus.EventBusProtocol.Page;
import io.bounded.protocols.eventbus.EventBusProtocol.StreamSubscribed;
import io.bounded.protocols.eventbus.EventBusProtocol.SubscriptionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.util.ByteString;

/**
 * A thin {@code CompletionStage} face over the event bus, for code that is not an actor (and the
 * node's routes). Every call is one ask with {@code bounded.runtime.ask-timeout}; a {@code
 * Rejected} reply completes the stage with {@link RejectedException}, a timeout with {@link
 * java.util.concurrent.TimeoutException}. Callbacks default to the runtime's dispatcher.
 */
public final class EventBusClient {
  private final ActorRef<Command> bus;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Executor executor;

  public EventBusClient(
      ActorRef<Command> bus, Duration timeout, Scheduler scheduler, Executor executor) {
    this.bus = bus;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /** Publishes the payloads to {@code topic}, all or nothing; answers their offsets. */
  public CompletionStage<List<Long>> publish(String topic, List<ByteString> payloads) {
    List<ByteString> copy = List.copyOf(payloads);
    return ask(
        (ActorRef<EventBusProtocol.PublishReply> r) -> new EventBusProtocol.Publish(topic, copy, r),
        reply -> {
          if (reply instanceof EventBusProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return ((EventBusProtocol.Published) reply).offsets();
        });
  }

  /** Publishes one UTF-8 payload; answers its offset. */
  public CompletionStage<Long> publish(String topic, String payload) {
    return publish(topic, List.of(ByteString.fromString(payload))).thenApply(o -> o.get(0));
  }

  /**
   * A page of stored events.
   *
   * @param since when not null, start at the first event stored at or after it
   */
  public CompletionStage<Page> read(String topic, long from, Instant since, int limit) {
    return ask(
        (ActorRef<EventBusProtocol.ReadReply> r) ->
            new EventBusProtocol.Read(topic, from, since, limit, r),
        reply -> {
          if (reply instanceof EventBusProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return (Page) reply;
        });
  }

  /**
   * Subscribes a stream consumer.
   *
   * @param from first offset to deliver, or {@code null} for new events only
   */
  public CompletionStage<StreamSubscribed> subscribeStream(
      String topic, Long from, OverflowPolicy policy) {
    return ask(
        (ActorRef<EventBusProtocol.SubscribeStreamReply> r) ->
            new EventBusProtocol.SubscribeStream(topic, from, policy, r),
        reply -> {
          if (reply instanceof EventBusProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return (StreamSubscribed) reply;
        });
  }

  /** Ends a subscription; true when it was live. */
  public CompletionStage<Boolean> unsubscribe(long subscriptionId) {
    return ask(
        (ActorRef<EventBusProtocol.UnsubscribeReply> r) ->
            new EventBusProtocol.Unsubscribe(subscriptionId, r),
        reply -> {
          if (reply instanceof EventBusProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return ((EventBusProtocol.Unsubscribed) reply).existed();
        });
  }

  /** The subscriptions of {@code topic} (all when null), with buffer, drops and lag. */
  public CompletionStage<List<SubscriptionInfo>> subscriptions(String topic) {
    return ask(
        (ActorRef<EventBusProtocol.SubscriptionsReply> r) ->
            new EventBusProtocol.GetSubscriptions(topic, r),
        reply -> {
          if (reply instanceof EventBusProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return ((EventBusProtocol.Subscriptions) reply).subscriptions();
        });
  }

  /** The bus's stats. */
  public CompletionStage<ComponentStats> stats() {
    return EdgeFutures.ask(bus, EventBusProtocol.GetStats::new, timeout, scheduler, executor);
  }

  private <R, T> CompletionStage<T> ask(
      Function<ActorRef<R>, Command> request, Function<R, T> interpret) {
    return EdgeFutures.ask(bus, request, timeout, scheduler, executor).thenApply(interpret);
  }

  private static RejectedException rejection(EventBusProtocol.Rejected rejected) {
    return new RejectedException(EventBusActor.NAME, rejected.reason());
  }
}
