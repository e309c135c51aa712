package io.bounded.actors.runtime;

import io.bounded.actors.apigateway.ApiGatewayActor;
import io.bounded.actors.cache.CacheActor;
import io.bounded.actors.database.DatabaseActor;
import io.bounded.actors.eventbus.EventBusActor;
import io.bounded.actors.iptracker.IpTrackerActor;
import io.bounded.actors.support.ComponentHandle;
import io.bounded.actors.taskqueue.TaskQueueActor;
import io.bounded.actors.tracer.TracerActor;
import io.bounded.config.BoundedSettings;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import io.bounded.protocols.cache.CacheProtocol;
import io.bounded.protocols.database.DatabaseProtocol;
import io.bounded.protocols.eventbus.EventBusProtocol;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.tracer.TracerProtocol;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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

  /**
   * What the guardian started, handed to {@link BoundedRuntime}: every component, in start order.
   */
  record Started(List<ComponentHandle<?>> components, ActorRef<Object> monitor) {}

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

          // One statement per component; each is spawned, watched and registered by start(...).
          start(
              ctx,
              monitor,
              components,
              CacheActor.NAME,
              settings.cache().mailboxCapacity(),
              overflows -> CacheActor.create(settings.cache(), clock, overflows),
              CacheProtocol.GetStats::new);
          start(
              ctx,
              monitor,
              components,
              TaskQueueActor.NAME,
              settings.taskQueue().mailboxCapacity(),
              overflows -> TaskQueueActor.create(settings.taskQueue(), clock, overflows),
              TaskQueueProtocol.GetStats::new);
          start(
              ctx,
              monitor,
              components,
              ApiGatewayActor.NAME,
              settings.apiGateway().mailboxCapacity(),
              overflows -> ApiGatewayActor.create(settings.apiGateway(), clock, overflows),
              ApiGatewayProtocol.GetStats::new);
          start(
              ctx,
              monitor,
              components,
              IpTrackerActor.NAME,
              settings.ipTracker().mailboxCapacity(),
              overflows -> IpTrackerActor.create(settings.ipTracker(), clock, overflows),
              IpTrackerProtocol.GetStats::new);
          start(
              ctx,
              monitor,
              components,
              TracerActor.NAME,
              settings.tracer().mailboxCapacity(),
              overflows -> TracerActor.create(settings.tracer(), clock, overflows),
              TracerProtocol.GetStats::new);
          start(
              ctx,
              monitor,
              components,
              DatabaseActor.NAME,
              settings.database().mailboxCapacity(),
              overflows -> DatabaseActor.create(settings.database(), clock, overflows),
              DatabaseProtocol.GetStats::new);
          start(
              ctx,
              monitor,
              components,
              EventBusActor.NAME,
              settings.eventBus().mailboxCapacity(),
              overflows -> EventBusActor.create(settings.eventBus(), clock, overflows),
              EventBusProtocol.GetStats::new);

          started.complete(new Started(List.copyOf(components), monitor));
          return Behaviors.empty();
        });
  }

  /**
   * Spawns a component on {@code bounded.dispatcher} with a bounded mailbox, restarts it on
   * failure, has the overflow monitor count what its inbox refuses, and registers it for stats,
   * health and metrics.
   */
  private static <C> ActorRef<C> start(
      ActorContext<Void> ctx,
      ActorRef<Object> monitor,
      List<ComponentHandle<?>> components,
      String name,
      int mailboxCapacity,
      Function<LongAdder, Behavior<C>> behavior,
      Function<ActorRef<ComponentStats>, C> statsRequest) {
    LongAdder overflows = new LongAdder();
    Behavior<C> supervised =
        Behaviors.supervise(behavior.apply(overflows)).onFailure(SupervisorStrategy.restart());
    ActorRef<C> ref =
        ctx.spawn(
            supervised,
            name,
            Mailboxes.selector(ctx.getSystem(), mailboxCapacity)
                .withDispatcherFromConfig(RuntimeSettings.DISPATCHER_PATH));
    monitor.tell(new MailboxOverflowMonitor.Watch(ref, name, mailboxCapacity, overflows));
    components.add(new ComponentHandle<>(name, ref, statsRequest));
    return ref;
  }
}
