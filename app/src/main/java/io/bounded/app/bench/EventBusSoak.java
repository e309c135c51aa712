package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.EventBusSettings;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.eventbus.EventBusProtocol;
import io.bounded.protocols.eventbus.EventBusProtocol.Delivery;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The event bus under 100 × its {@code max-events} of distinct topics: one 32-byte event published
 * (fire and forget) to each topic in turn, so every publish past the bound evicts the oldest event
 * and, with it, a topic. Each window of publishes also subscribes an acking actor to the window's
 * first topic, keeping the last {@link #SUBSCRIPTIONS} subscriptions and unsubscribing the older
 * ones, so subscriptions and deliveries churn too. The size is the stored events.
 */
final class EventBusSoak implements SoakSubject {
  /** Subscriptions kept live at once (at most {@code max-subscriptions}). */
  static final int SUBSCRIPTIONS = 16;

  private final BoundedRuntime runtime;
  private final EventBusSettings settings;
  private final ActorRef<Object> subscriberActor;
  private final ActorRef<Delivery> subscriber;
  private final LongAdder delivered = new LongAdder();
  private final ArrayDeque<Long> live = new ArrayDeque<>();
  private long next;
  private volatile long subscribed;
  private volatile long refusedSubscriptions;

  EventBusSoak(BoundedRuntime runtime) {
    this.runtime = runtime;
    this.settings = runtime.settings().eventBus();
    this.subscriberActor =
        runtime
            .system()
            .systemActorOf(
                Behaviors.<Object>receiveMessage(
                    d -> {
                      if (d instanceof EventBusProtocol.SubscriptionStarted s) {
                        s.ack();
                      } else if (d instanceof EventBusProtocol.EventBatch b) {
                        delivered.add(b.events().size());
                        b.ack();
                      } else if (d == Stop.INSTANCE) {
                        return Behaviors.stopped();
                      }
                      return Behaviors.same();
                    }),
                "soak-event-bus-subscriber",
                DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
    this.subscriber = subscriberActor.narrow();
  }

  private enum Stop {
    INSTANCE
  }

  @Override
  public String name() {
    return "event-bus";
  }

  @Override
  public long capacity() {
    return settings.maxEvents();
  }

  private static String topic(long k) {
    return "soak-" + k;
  }

  @Override
  public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
    ActorRef<EventBusProtocol.Command> bus = runtime.eventBus();
    // a subscribe and an unsubscribe share the window with the publishes
    int publishes = Math.max(1, SoakDrivers.window(settings.mailboxCapacity()) - 2);
    int keep = Math.min(SUBSCRIPTIONS, settings.maxSubscriptions());
    long distinct = distinctKeys();
    long n = 0;
    while (!stop.getAsBoolean()) {
      long first = (next + n) % distinct;
      EventBusProtocol.SubscribeReply reply =
          SoakDrivers.<EventBusProtocol.Command, EventBusProtocol.SubscribeReply>ask(
              runtime,
              bus,
              r ->
                  new EventBusProtocol.Subscribe(
                      topic(first),
                      null,
                      EventBusProtocol.OverflowPolicy.DROP_OLDEST,
                      subscriber,
                      r));
      if (reply instanceof EventBusProtocol.Subscribed s) {
        live.addLast(s.subscriptionId());
        subscribed++;
      } else {
        refusedSubscriptions++;
      }
      while (live.size() > keep) {
        bus.tell(new EventBusProtocol.Unsubscribe(live.removeFirst(), null));
      }
      for (int j = 0; j < publishes; j++, n++) {
        long k = (next + n) % distinct;
        bus.tell(EventBusProtocol.Publish.of(topic(k), Workloads.value(k)));
      }
      stats();
      pacer.rest(stop);
    }
    next += n;
    return n;
  }

  @Override
  public ComponentStats stats() throws Exception {
    return SoakDrivers.stats(runtime, runtime.eventBus(), EventBusProtocol.GetStats::new);
  }

  @Override
  public List<String> otherBounds(ComponentStats s) {
    // topics: a topic is known only while it holds events or subscriptions
    return SoakSubject.broken(
        SoakSubject.above(s, "subscriptions", settings.maxSubscriptions(), "max-subscriptions"),
        SoakSubject.above(
            s,
            "buffered",
            (long) settings.bufferSize() * s.gauge("subscriptions"),
            "buffer-size x subscriptions"),
        SoakSubject.above(
            s, "topics", s.size() + s.gauge("subscriptions"), "stored events + subscriptions"));
  }

  @Override
  public String summary(ComponentStats s) {
    return SoakSubject.super.summary(s)
        + String.format(
            Locale.ROOT,
            "; subscribed %,d (refused %,d), delivered %,d events, %,d topics at the end",
            subscribed,
            refusedSubscriptions,
            delivered.sum(),
            s.gauge("topics"));
  }

  @Override
  public void close() {
    for (Long id : live) {
      runtime.eventBus().tell(new EventBusProtocol.Unsubscribe(id, null));
    }
    live.clear();
    subscriberActor.tell(Stop.INSTANCE);
  }
}
