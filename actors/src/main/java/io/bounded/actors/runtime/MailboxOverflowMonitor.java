package io.bounded.actors.runtime;

import io.bounded.protocols.Rejectable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Counts the messages that a component's bounded inbox refused, and answers their senders.
 *
 * <p>When a bounded mailbox is full, Pekko hands the message to dead letters, addressed to the
 * component. This actor listens to dead letters on the event stream; for a watched component it
 * increments that component's overflow counter (read by the component when it builds its stats)
 * and, when the message is {@link Rejectable}, sends the sender the component's {@code Rejected}
 * reply. State: one entry per watched component, at most {@value #MAX_WATCHED}. Each dead letter
 * costs one map lookup; nothing is buffered here.
 */
final class MailboxOverflowMonitor extends AbstractBehavior<Object> {
  static final int MAX_WATCHED = 256;

  /** Starts counting overflows of {@code component}. */
  record Watch(ActorRef<?> component, String name, int capacity, LongAdder counter) {
    Watch {
      Objects.requireNonNull(component, "component");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(counter, "counter");
    }
  }

  /** Stops counting overflows of {@code component} (a memoizer that was closed). */
  record Unwatch(ActorRef<?> component) {
    Unwatch {
      Objects.requireNonNull(component, "component");
    }
  }

  private record Watched(String name, LongAdder counter, String reason) {}

  private final Map<org.apache.pekko.actor.ActorRef, Watched> watched = new HashMap<>();

  static Behavior<Object> create() {
    return Behaviors.setup(MailboxOverflowMonitor::new);
  }

  private MailboxOverflowMonitor(ActorContext<Object> context) {
    super(context);
  }

  /**
   * Subscribes the monitor to dead letters before it returns. The typed event stream subscribes
   * asynchronously, which would lose the overflows of a flood that starts right after the runtime
   * does; the classic event stream's {@code subscribe} takes effect at once.
   */
  static void subscribe(ActorSystem<?> system, ActorRef<Object> monitor) {
    Adapter.toClassic(system)
        .getEventStream()
        .subscribe(Adapter.toClassic(monitor), DeadLetter.class);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Watch.class, this::onWatch)
        .onMessage(Unwatch.class, u -> onUnwatch(u))
        .onMessage(DeadLetter.class, this::onDeadLetter)
        .build();
  }

  private Behavior<Object> onWatch(Watch w) {
    if (watched.size() >= MAX_WATCHED) {
      getContext()
          .getLog()
          .warn("not watching {}: already watching {} components", w.name(), MAX_WATCHED);
      return this;
    }
    String reason =
        "the "
            + w.name()
            + " component's inbox is full ("
            + w.capacity()
            + " messages); retry later";
    watched.put(Adapter.toClassic(w.component()), new Watched(w.name(), w.counter(), reason));
    return this;
  }

  private Behavior<Object> onUnwatch(Unwatch u) {
    watched.remove(Adapter.toClassic(u.component()));
    return this;
  }

  private Behavior<Object> onDeadLetter(DeadLetter letter) {
    Watched w = watched.get(letter.recipient());
    if (w != null) {
      w.counter().increment();
      if (letter.message() instanceof Rejectable r) {
        r.reject(w.reason());
      }
    }
    return this;
  }
}
