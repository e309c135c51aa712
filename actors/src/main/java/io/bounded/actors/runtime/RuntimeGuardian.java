package io.bounded.actors.runtime;

import io.bounded.actors.cache.CacheActor;
import io.bounded.config.BoundedSettings;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.cache.CacheProtocol;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The runtime's root actor: spawns the overflow monitor and every component, each on {@code
 * bounded.dispatcher} with a bounded mailbox, and hands their refs back once. A component that
 * throws is restarted (its state is rebuilt empty; its overflow count survives).
 */
final class RuntimeGuardian {
  private RuntimeGuardian() {}

  /** What the guardian started, handed to {@link BoundedRuntime}. */
  record Started(ActorRef<CacheProtocol.Command> cache, List<ComponentHandle<?>> components) {}

  static Behavior<Void> create(
      BoundedSettings settings, Clock clock, CompletableFuture<Started> started) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Object> monitor =
              ctx.spawn(
                  MailboxOverflowMonitor.create(),
                  "mailbox-overflow-monitor",
                  org.apache.pekko.actor.typed.DispatcherSelector.fromConfig(
                      RuntimeSettings.DISPATCHER_PATH));
          MailboxOverflowMonitor.subscribe(ctx.getSystem(), monitor);
          List<ComponentHandle<?>> components = new ArrayList<>();

          LongAdder cacheOverflows = new LongAdder();
          ActorRef<CacheProtocol.Command> cache =
              spawn(
                  ctx,
                  monitor,
                  CacheActor.NAME,
                  CacheActor.create(settings.cache(), clock, cacheOverflows),
                  settings.cache().mailboxCapacity(),
                  cacheOverflows);
          components.add(
              new ComponentHandle<>(CacheActor.NAME, cache, CacheProtocol.GetStats::new));

          started.complete(new Started(cache, List.copyOf(components)));
          return Behaviors.empty();
        });
  }

  private static <C> ActorRef<C> spawn(
      ActorContext<Void> ctx,
      ActorRef<Object> monitor,
      String name,
      Behavior<C> behavior,
      int mailboxCapacity,
      LongAdder overflows) {
    Behavior<C> supervised = Behaviors.supervise(behavior).onFailure(SupervisorStrategy.restart());
    ActorRef<C> ref =
        ctx.spawn(
            supervised,
            name,
            MailboxSelector.bounded(mailboxCapacity)
                .withDispatcherFromConfig(RuntimeSettings.DISPATCHER_PATH));
    monitor.tell(new MailboxOverflowMonitor.Watch(ref, name, mailboxCapacity, overflows));
    return ref;
  }
}
