package io.bounded.actors.memoizer;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.config.Eviction;
import io.bounded.config.MemoizerSettings;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.memoizer.MemoizerProtocol;
import io.bounded.protocols.memoizer.MemoizerProtocol.Command;
import io.bounded.protocols.memoizer.MemoizerProtocol.Failed;
import io.bounded.protocols.memoizer.MemoizerProtocol.Get;
import io.bounded.protocols.memoizer.MemoizerProtocol.GetReply;
import io.bounded.protocols.memoizer.MemoizerProtocol.GetStats;
import io.bounded.protocols.memoizer.MemoizerProtocol.Invalidate;
import io.bounded.protocols.memoizer.MemoizerProtocol.Invalidated;
import io.bounded.protocols.memoizer.MemoizerProtocol.Rejected;
import io.bounded.protocols.memoizer.MemoizerProtocol.Stop;
import io.bounded.protocols.memoizer.MemoizerProtocol.Value;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One memoized function: its finished results, and the computations running for it.
 *
 * <p><b>State.</b> A {@link ResultStore} of at most {@code max-entries} results (W-TinyLFU or LRU
 * per {@code eviction}; a new key in a full store evicts one, cause {@code size}); a map of at most
 * {@code max-in-flight} running computations, each with the callers waiting for it, at most {@code
 * max-waiters} callers over all. A call past either bound is refused with a reason: queuing it
 * would be the unbounded growth this runtime exists to prevent.
 *
 * <p><b>Single flight.</b> A call for a key being computed joins that computation; the function
 * runs once per key however many callers ask. A plain function runs on {@code
 * bounded.blocking-dispatcher}; an async one is called on this actor's thread (it must return at
 * once) and its stage is awaited. Either way the result comes back as a message ({@code
 * pipeToSelf}); nothing here waits.
 *
 * <p><b>Failures and time.</b> A failure is answered to every waiting caller and not stored, unless
 * {@code negative-ttl} is above zero. A computation still running after {@code compute-timeout}
 * fails its callers with a {@link TimeoutException} and frees its slot (found by a sweep that runs
 * ten times per {@code compute-timeout}, so it happens within 1.1 × {@code compute-timeout}: a
 * timer per computation would leave a cancelled entry in Pekko's scheduler for every computation
 * that finished in time, tens of megabytes at a high miss rate); its late result is ignored (a
 * plain function's thread cannot be interrupted, so it keeps its blocking thread until it returns).
 * Results live for {@code ttl}; reads treat an expired one as absent and the tick (every {@code
 * cleanup-interval}) sweeps them in one pass over the store.
 */
public final class MemoizerActor extends AbstractBehavior<Command> {

  /** The prefix of every memoizer's component name: {@code memoizer-<name>}. */
  public static final String NAME_PREFIX = "memoizer-";

  private enum CleanupTick implements MemoizerProtocol.Internal {
    INSTANCE
  }

  private record Computed(Object key, long flightId, Object value, Throwable error)
      implements MemoizerProtocol.Internal {}

  private enum TimeoutSweep implements MemoizerProtocol.Internal {
    INSTANCE
  }

  /** Sweeps per compute-timeout; a flight times out after one more than this. */
  static final int SWEEPS_PER_TIMEOUT = 10;

  /** Starts the function for one key; answers its eventual result. */
  @FunctionalInterface
  interface Computation {
    CompletionStage<Object> start(Object key, Executor blocking);
  }

  private static final class Flight {
    final long id;
    final long startSweep;
    final List<ActorRef<GetReply>> waiters = new ArrayList<>(1);

    Flight(long id, long startSweep) {
      this.id = id;
      this.startSweep = startSweep;
    }
  }

  private final MemoizerSettings settings;
  private final Clock clock;
  private final Computation computation;
  private final Executor blocking;
  private final TimerScheduler<Command> timers;
  private final long ttlMillis;
  private final long negativeTtlMillis;
  private final ResultStore store;
  private final Map<Object, Flight> inFlight = new HashMap<>();
  private final ComponentCounters counters;
  private int waiters;
  private long nextFlightId;
  private long sweeps;
  private long failures;
  private long timeouts;
  private long nowMillis;

  /**
   * A memoizer of a plain (possibly blocking) function, run on {@code bounded.blocking-dispatcher}.
   *
   * @param name the memoizer's name; its component name is {@code memoizer-<name>}
   */
  public static <K, V> Behavior<Command> create(
      String name,
      MemoizerSettings settings,
      Clock clock,
      Function<K, V> function,
      LongAdder mailboxOverflows) {
    @SuppressWarnings("unchecked")
    Function<Object, Object> f = (Function<Object, Object>) function;
    return create(
        name,
        settings,
        clock,
        (key, blocking) -> CompletableFuture.supplyAsync(() -> f.apply(key), blocking),
        mailboxOverflows);
  }

  /**
   * A memoizer of an asynchronous function, called on the memoizer's thread: it must return its
   * stage at once and never block.
   */
  public static <K, V> Behavior<Command> createAsync(
      String name,
      MemoizerSettings settings,
      Clock clock,
      Function<K, ? extends CompletionStage<V>> function,
      LongAdder mailboxOverflows) {
    @SuppressWarnings("unchecked")
    Function<Object, CompletionStage<Object>> f =
        (Function<Object, CompletionStage<Object>>) (Function<?, ?>) function;
    return create(
        name,
        settings,
        clock,
        (key, blocking) -> {
          CompletionStage<Object> stage = f.apply(key);
          if (stage == null) {
            throw new NullPointerException("the memoized function returned a null stage");
          }
          return stage;
        },
        mailboxOverflows);
  }

  private static Behavior<Command> create(
      String name,
      MemoizerSettings settings,
      Clock clock,
      Computation computation,
      LongAdder mailboxOverflows) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new MemoizerActor(
                        ctx, timers, name, settings, clock, computation, mailboxOverflows)));
  }

  private MemoizerActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String name,
      MemoizerSettings settings,
      Clock clock,
      Computation computation,
      LongAdder mailboxOverflows) {
    super(context);
    this.settings = settings;
    this.clock = clock;
    this.computation = computation;
    this.timers = timers;
    this.blocking =
        context
            .getSystem()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig(RuntimeSettings.BLOCKING_DISPATCHER_PATH));
    this.ttlMillis = settings.ttl().toMillis();
    this.negativeTtlMillis = settings.negativeTtl().toMillis();
    this.counters = new ComponentCounters(NAME_PREFIX + name, clock, mailboxOverflows);
    this.store =
        settings.eviction() == Eviction.LRU
            ? ResultStore.lru(settings.maxEntries(), this::onEvicted)
            : ResultStore.tinyLfu(settings.maxEntries(), this::onEvicted);
    timers.startTimerWithFixedDelay(CleanupTick.INSTANCE, settings.cleanupInterval());
    Duration sweep = settings.computeTimeout().dividedBy(SWEEPS_PER_TIMEOUT);
    timers.startTimerWithFixedDelay(
        TimeoutSweep.INSTANCE, sweep.isZero() ? Duration.ofMillis(1) : sweep);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Get.class, this::onGet)
        .onMessage(Computed.class, this::onComputed)
        .onMessageEquals(TimeoutSweep.INSTANCE, this::onTimeoutSweep)
        .onMessage(Invalidate.class, this::onInvalidate)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(CleanupTick.INSTANCE, this::onCleanup)
        .onMessageEquals(Stop.INSTANCE, this::onStopRequested)
        .onSignal(PostStop.class, signal -> onStopped())
        .onSignal(PreRestart.class, signal -> onStopped())
        .build();
  }

  private Behavior<Command> onGet(Get get) {
    Object key = get.key();
    ResultStore.Result r = store.get(key);
    if (r != null) {
      nowMillis = clock.millis();
      if (!r.expiredAt(nowMillis)) {
        counters.hit();
        get.replyTo()
            .tell(r.failure() == null ? new Value(key, r.value()) : new Failed(key, r.failure()));
        return this;
      }
      store.remove(key);
      counters.expired(String.valueOf(key), nowMillis);
    }
    Flight flight = inFlight.get(key);
    if (waiters >= settings.maxWaiters()) {
      return reject(
          get,
          settings.maxWaiters()
              + " callers already wait for computations (bounded.memoizer.max-waiters); retry"
              + " later");
    }
    if (flight != null) {
      counters.hit();
      flight.waiters.add(get.replyTo());
      waiters++;
      return this;
    }
    if (inFlight.size() >= settings.maxInFlight()) {
      return reject(
          get,
          inFlight.size()
              + " computations are already running (bounded.memoizer.max-in-flight); retry later");
    }
    counters.missed();
    flight = new Flight(nextFlightId++, sweeps);
    flight.waiters.add(get.replyTo());
    waiters++;
    inFlight.put(key, flight);
    CompletionStage<Object> stage;
    try {
      stage = computation.start(key, blocking);
    } catch (RuntimeException | Error e) {
      stage = CompletableFuture.failedFuture(e);
    }
    long id = flight.id;
    getContext().pipeToSelf(stage, (value, error) -> new Computed(key, id, value, error));
    return this;
  }

  private Behavior<Command> onComputed(Computed c) {
    Flight flight = inFlight.get(c.key());
    if (flight == null || flight.id != c.flightId()) {
      getContext()
          .getLog()
          .debug("{}: ignoring the late result of a timed-out computation", counters.name());
      return this;
    }
    inFlight.remove(c.key());
    waiters -= flight.waiters.size();
    nowMillis = clock.millis();
    GetReply reply;
    if (c.error() == null) {
      store.put(c.key(), new ResultStore.Result(c.value(), null, nowMillis + ttlMillis));
      counters.inserted();
      reply = new Value(c.key(), c.value());
    } else {
      failures++;
      Throwable cause = unwrap(c.error());
      if (negativeTtlMillis > 0) {
        store.put(c.key(), new ResultStore.Result(null, cause, nowMillis + negativeTtlMillis));
      }
      reply = new Failed(c.key(), cause);
    }
    for (ActorRef<GetReply> w : flight.waiters) {
      w.tell(reply);
    }
    return this;
  }

  /**
   * Fails every flight that has been running for more than {@link #SWEEPS_PER_TIMEOUT} sweeps, i.e.
   * longer than compute-timeout; at most max-in-flight to look at.
   */
  private Behavior<Command> onTimeoutSweep() {
    sweeps++;
    if (inFlight.isEmpty()) {
      return this;
    }
    List<Object> late = null;
    for (Map.Entry<Object, Flight> e : inFlight.entrySet()) {
      if (sweeps - e.getValue().startSweep > SWEEPS_PER_TIMEOUT) {
        late = late == null ? new ArrayList<>() : late;
        late.add(e.getKey());
      }
    }
    if (late != null) {
      for (Object key : late) {
        timedOut(key, inFlight.remove(key));
      }
    }
    return this;
  }

  private void timedOut(Object key, Flight flight) {
    waiters -= flight.waiters.size();
    timeouts++;
    Failed reply =
        new Failed(
            key,
            new TimeoutException(
                "the computation did not finish within "
                    + settings.computeTimeout()
                    + " (bounded.memoizer.compute-timeout)"));
    for (ActorRef<GetReply> w : flight.waiters) {
      w.tell(reply);
    }
  }

  private Behavior<Command> onInvalidate(Invalidate inv) {
    int removed;
    if (inv.key() == null) {
      removed = store.clear();
    } else {
      removed = store.remove(inv.key()) == null ? 0 : 1;
    }
    counters.removedExplicitly(removed);
    if (inv.replyTo() != null) {
      inv.replyTo().tell(new Invalidated(removed));
    }
    return this;
  }

  private Behavior<Command> onGetStats(GetStats g) {
    g.replyTo()
        .tell(
            counters.snapshot(
                store.size(),
                settings.maxEntries(),
                Map.of(
                    "in-flight", (long) inFlight.size(),
                    "max-in-flight", (long) settings.maxInFlight(),
                    "waiters", (long) waiters,
                    "max-waiters", (long) settings.maxWaiters(),
                    "failures", failures,
                    "timeouts", timeouts,
                    "mailbox-capacity", (long) settings.mailboxCapacity())));
    return this;
  }

  private Behavior<Command> onCleanup() {
    counters.runCleanup(
        getContext().getLog(),
        () -> {
          nowMillis = clock.millis();
          int swept =
              store.removeExpired(
                  nowMillis, (k, r) -> counters.expired(String.valueOf(k), nowMillis));
          getContext().getLog().debug("{} cleanup swept {} results", counters.name(), swept);
        });
    return this;
  }

  private Behavior<Command> onStopRequested() {
    return Behaviors.stopped();
  }

  private Behavior<Command> onStopped() {
    Rejected closed = new Rejected("the memoizer " + counters.name() + " was closed");
    for (Flight f : inFlight.values()) {
      for (ActorRef<GetReply> w : f.waiters) {
        w.tell(closed);
      }
    }
    inFlight.clear();
    waiters = 0;
    store.clear();
    return this;
  }

  private void onEvicted(Object key, ResultStore.Result r) {
    counters.evicted(DropCause.SIZE, String.valueOf(key), nowMillis);
  }

  private Behavior<Command> reject(Get get, String reason) {
    counters.rejected();
    get.replyTo().tell(new Rejected(reason));
    return this;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
