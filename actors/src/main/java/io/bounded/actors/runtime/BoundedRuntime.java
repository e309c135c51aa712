package io.bounded.actors.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bounded.actors.apigateway.ApiGatewayActor;
import io.bounded.actors.cache.CacheActor;
import io.bounded.actors.cache.CacheClient;
import io.bounded.actors.database.DatabaseActor;
import io.bounded.actors.database.DatabaseClient;
import io.bounded.actors.eventbus.EventBusActor;
import io.bounded.actors.eventbus.EventBusClient;
import io.bounded.actors.iptracker.IpTrackerActor;
import io.bounded.actors.logging.LogDrops;
import io.bounded.actors.memoizer.Memoized;
import io.bounded.actors.memoizer.MemoizerRegistry;
import io.bounded.actors.support.ComponentHandle;
import io.bounded.actors.support.EdgeFutures;
import io.bounded.actors.taskqueue.TaskQueueActor;
import io.bounded.actors.taskqueue.TaskQueueClient;
import io.bounded.actors.tracer.TracerActor;
import io.bounded.actors.tracer.TracerClient;
import io.bounded.config.BoundedSettings;
import io.bounded.config.MemoizerSettings;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.apigateway.ApiGatewayProtocol;
import io.bounded.protocols.cache.CacheProtocol;
import io.bounded.protocols.database.DatabaseProtocol;
import io.bounded.protocols.eventbus.EventBusProtocol;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import io.bounded.protocols.memoizer.MemoizerProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.tracer.TracerProtocol;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The embedding entry point: starts every component of Bounded in its own Pekko {@link ActorSystem}
 * and hands out their typed {@link ActorRef}s and thin {@code CompletionStage} clients.
 *
 * <pre>{@code
 * try (BoundedRuntime runtime = BoundedRuntime.start(ConfigFactory.load())) {
 *   CacheClient cache = runtime.cacheClient();
 *   cache.putString("greeting", "hello").toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>Configuration is validated before anything starts: an invalid config throws {@link
 * io.bounded.config.InvalidSettingsException} naming every problem. {@link #close()} stops every
 * actor, timer and stream and returns when the actor system has terminated.
 */
public final class BoundedRuntime implements AutoCloseable {
  private static final String RUNTIME_DEFAULTS = "io/bounded/actors/runtime/runtime-defaults.conf";

  private final BoundedSettings settings;
  private final Config config;
  private final Clock clock;
  private final ActorSystem<Void> system;
  private final Executor executor;
  private final List<ComponentHandle<?>> components;
  private final CacheClient cacheClient;
  private final TaskQueueClient taskQueueClient;
  private final DatabaseClient databaseClient;
  private final EventBusClient eventBusClient;
  private final MemoizerRegistry memoizers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BoundedRuntime(
      BoundedSettings settings,
      Config config,
      Clock clock,
      ActorSystem<Void> system,
      RuntimeGuardian.Started started) {
    this.settings = settings;
    this.config = config;
    this.clock = clock;
    this.system = system;
    this.executor =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
    this.components = started.components();
    this.cacheClient =
        new CacheClient(cache(), settings.runtime().askTimeout(), system.scheduler(), executor);
    this.taskQueueClient =
        new TaskQueueClient(
            taskQueue(),
            settings.runtime().askTimeout(),
            system.scheduler(),
            executor,
            system
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig(RuntimeSettings.BLOCKING_DISPATCHER_PATH)));
    // a database call may first wait connection-timeout for a connection
    this.databaseClient =
        new DatabaseClient(
            database(),
            settings.runtime().askTimeout().plus(settings.database().connectionTimeout()),
            system.scheduler(),
            executor);
    this.eventBusClient =
        new EventBusClient(
            eventBus(), settings.runtime().askTimeout(), system.scheduler(), executor);
    this.memoizers =
        new MemoizerRegistry(
            settings.memoizer().maxMemoizers(),
            clock,
            new MemoizerSpawner(system, started.monitor()),
            settings.runtime().askTimeout(),
            system.scheduler(),
            executor);
  }

  /**
   * Starts on {@code ConfigFactory.load()} (application.conf over the defaults) and the system
   * clock.
   */
  public static BoundedRuntime start() {
    return start(ConfigFactory.load());
  }

  /** Starts on {@code config} (over the defaults) and the system clock. */
  public static BoundedRuntime start(Config config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts every component.
   *
   * @param config the application's configuration; missing keys fall back to the runtime's Pekko
   *     settings (SLF4J logging) and then to every library's reference.conf. Pass the application's
   *     own settings (e.g. {@code ConfigFactory.defaultApplication()} or {@code parseString}), not
   *     {@code ConfigFactory.load()}: that already holds Pekko's reference.conf, which would hide
   *     the runtime's logging settings.
   * @param clock the clock used for ages and time to live (tests pass a movable one)
   * @throws io.bounded.config.InvalidSettingsException naming every problem, before anything starts
   */
  public static BoundedRuntime start(Config config, Clock clock) {
    Config full =
        config
            .withFallback(ConfigFactory.parseResources(RUNTIME_DEFAULTS))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    BoundedSettings settings = BoundedSettings.fromConfig(full);
    CompletableFuture<RuntimeGuardian.Started> started = new CompletableFuture<>();
    ActorSystem<Void> system =
        ActorSystem.create(
            RuntimeGuardian.create(settings, clock, started),
            settings.runtime().systemName(),
            Mailboxes.forCapacities(mailboxCapacities(settings)).withFallback(full));
    try {
      RuntimeGuardian.Started s =
          started.get(settings.runtime().askTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return new BoundedRuntime(settings, full, clock, system, s);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while starting the Bounded runtime", e);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      throw new IllegalStateException("the Bounded runtime did not start", e);
    }
  }

  /** Every inbox capacity the settings name, for {@link Mailboxes}. */
  private static List<Integer> mailboxCapacities(BoundedSettings s) {
    return List.of(
        s.cache().mailboxCapacity(),
        s.memoizer().mailboxCapacity(),
        s.eventBus().mailboxCapacity(),
        s.taskQueue().mailboxCapacity(),
        s.tracer().mailboxCapacity(),
        s.apiGateway().mailboxCapacity(),
        s.ipTracker().mailboxCapacity(),
        s.database().mailboxCapacity());
  }

  /** The validated settings the runtime runs on. */
  public BoundedSettings settings() {
    return settings;
  }

  /** The whole configuration, resolved, with every fallback. */
  public Config config() {
    return config;
  }

  /** The clock components measure ages with. */
  public Clock clock() {
    return clock;
  }

  /** The actor system hosting the components. */
  public ActorSystem<Void> system() {
    return system;
  }

  /** The components' dispatcher, for callbacks that must not land on the JDK common pool. */
  public Executor executor() {
    return executor;
  }

  /** The cache actor. */
  public ActorRef<CacheProtocol.Command> cache() {
    return ref(CacheActor.NAME);
  }

  /** A {@code CompletionStage} client for the cache. */
  public CacheClient cacheClient() {
    return cacheClient;
  }

  /** The task queue actor. */
  public ActorRef<TaskQueueProtocol.Command> taskQueue() {
    return ref(TaskQueueActor.NAME);
  }

  /** A {@code CompletionStage} client for the task queue. */
  public TaskQueueClient taskQueueClient() {
    return taskQueueClient;
  }

  /** The API gateway actor (routes, circuit breakers, response cache). */
  public ActorRef<ApiGatewayProtocol.Command> apiGateway() {
    return ref(ApiGatewayActor.NAME);
  }

  /** The IP tracker actor (rate limits, bans, allow and deny lists). */
  public ActorRef<IpTrackerProtocol.Command> ipTracker() {
    return ref(IpTrackerActor.NAME);
  }

  /** The tracer actor. */
  public ActorRef<TracerProtocol.Command> tracer() {
    return ref(TracerActor.NAME);
  }

  /** A client for the tracer: fire-and-forget spans, W3C headers, and queries. */
  public TracerClient tracerClient() {
    return new TracerClient(
        tracer(), settings.tracer(), settings.runtime().askTimeout(), system.scheduler(), executor);
  }

  /** The database actor. */
  public ActorRef<DatabaseProtocol.Command> database() {
    return ref(DatabaseActor.NAME);
  }

  /** A {@code CompletionStage} client for the database. */
  public DatabaseClient databaseClient() {
    return databaseClient;
  }

  /** The event bus actor. */
  public ActorRef<EventBusProtocol.Command> eventBus() {
    return ref(EventBusActor.NAME);
  }

  /** A {@code CompletionStage} client for the event bus. */
  public EventBusClient eventBusClient() {
    return eventBusClient;
  }

  /**
   * Memoizes a plain function with the runtime's {@code bounded.memoizer} settings. The function
   * runs on {@code bounded.blocking-dispatcher}, so it may block.
   *
   * @throws IllegalArgumentException for a bad or taken name
   * @throws IllegalStateException when {@code bounded.memoizer.max-memoizers} memoizers exist
   */
  public <K, V> Memoized<K, V> memoize(String name, Function<K, V> function) {
    return memoizers.memoize(name, function, settings.memoizer());
  }

  /** Memoizes a plain function with its own bounds (see {@link MemoizerSettings}'s copies). */
  public <K, V> Memoized<K, V> memoize(
      String name, Function<K, V> function, MemoizerSettings memoizerSettings) {
    return memoizers.memoize(name, function, memoizerSettings);
  }

  /**
   * Memoizes an asynchronous function; it is called on the memoizer's thread and must return its
   * stage at once.
   */
  public <K, V> Memoized<K, V> memoizeAsync(
      String name,
      Function<K, ? extends CompletionStage<V>> function,
      MemoizerSettings memoizerSettings) {
    return memoizers.memoizeAsync(name, function, memoizerSettings);
  }

  /** The memoizers made by {@link #memoize}, live now. */
  public MemoizerRegistry memoizers() {
    return memoizers;
  }

  /**
   * The actor of the component named {@code name}; the guardian registered it with its command
   * type.
   */
  @SuppressWarnings("unchecked")
  private <C> ActorRef<C> ref(String name) {
    for (ComponentHandle<?> c : components) {
      if (c.name().equals(name)) {
        return (ActorRef<C>) c.ref();
      }
    }
    throw new IllegalStateException("no component named " + name);
  }

  /** Every component the runtime started, in start order, then every live memoizer. */
  public List<ComponentHandle<?>> components() {
    List<ComponentHandle<?>> dynamic = memoizers.handles();
    if (dynamic.isEmpty()) {
      return components;
    }
    List<ComponentHandle<?>> all = new ArrayList<>(components);
    all.addAll(dynamic);
    return List.copyOf(all);
  }

  /** Asks one component for its stats. */
  public <C> CompletionStage<ComponentStats> stats(ComponentHandle<C> component) {
    return EdgeFutures.ask(
        component.ref(),
        component.statsRequest(),
        settings.runtime().askTimeout(),
        system.scheduler(),
        executor);
  }

  /** Every component's stats, by name, in start order. */
  public CompletionStage<Map<String, ComponentStats>> stats() {
    CompletableFuture<Map<String, ComponentStats>> all =
        new EdgeFutures.ExecutorFuture<Map<String, ComponentStats>>(executor);
    all.complete(new LinkedHashMap<>());
    for (ComponentHandle<?> c : components()) {
      all =
          all.thenCombine(
              stats(c),
              (map, s) -> {
                map.put(c.name(), s);
                return map;
              });
    }
    return all.thenApply(Map::copyOf);
  }

  /** Log lines dropped by {@code CountingAsyncAppender} in this JVM (0 without Logback). */
  public long droppedLogLines() {
    return LogDrops.total();
  }

  /** Whether {@link #close()} has completed or started. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Stops every component, timer and stream, and returns when the actor system has terminated (or
   * after {@code bounded.runtime.shutdown-timeout}, with an exception). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    system.terminate();
    Duration timeout = settings.runtime().shutdownTimeout();
    try {
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the Bounded runtime", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the Bounded runtime did not stop within "
              + timeout
              + " (bounded.runtime.shutdown-timeout)",
          e);
    }
  }

  /** Spawns memoizers like the guardian spawns components: bounded inbox, restart, counted. */
  private static final class MemoizerSpawner implements MemoizerRegistry.Spawner {
    private final ActorSystem<Void> system;
    private final ActorRef<Object> monitor;

    MemoizerSpawner(ActorSystem<Void> system, ActorRef<Object> monitor) {
      this.system = system;
      this.monitor = monitor;
    }

    @Override
    public ActorRef<MemoizerProtocol.Command> spawn(
        String actorName,
        int mailboxCapacity,
        Function<LongAdder, Behavior<MemoizerProtocol.Command>> behavior) {
      LongAdder overflows = new LongAdder();
      ActorRef<MemoizerProtocol.Command> ref =
          system.systemActorOf(
              Behaviors.supervise(behavior.apply(overflows))
                  .onFailure(SupervisorStrategy.restart()),
              actorName,
              Mailboxes.selector(system, mailboxCapacity)
                  .withDispatcherFromConfig(RuntimeSettings.DISPATCHER_PATH));
      monitor.tell(new MailboxOverflowMonitor.Watch(ref, actorName, mailboxCapacity, overflows));
      return ref;
    }

    @Override
    public void forget(ActorRef<MemoizerProtocol.Command> ref) {
      monitor.tell(new MailboxOverflowMonitor.Unwatch(ref));
    }
  }
}
