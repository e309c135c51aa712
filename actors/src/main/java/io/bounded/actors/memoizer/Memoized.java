package io.bounded.actors.memoizer;

import io.bounded.actors.support.EdgeFutures;
import io.bounded.actors.support.RejectedException;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.memoizer.MemoizerProtocol;
import io.bounded.protocols.memoizer.MemoizerProtocol.Command;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

/**
 * A memoized function: {@code get(key)} answers the remembered result, or computes it once however
 * many callers ask at the same time. Made by {@code BoundedRuntime.memoize}; backed by one {@link
 * MemoizerActor} with the bounds of its {@code MemoizerSettings}.
 *
 * <pre>{@code
 * Memoized<String, Integer> length = runtime.memoize("length", String::length);
 * int n = length.get("hello").toCompletableFuture().join(); // 5, computed once
 * }</pre>
 *
 * <p>A stage fails with the function's own exception (wrapped in {@link CompletionException} by
 * {@code join}), with a {@link java.util.concurrent.TimeoutException} after {@code
 * compute-timeout}, or with {@link RejectedException} when a bound refuses the call. Callbacks
 * default to the runtime's dispatcher, never the JDK common pool. Thread-safe.
 *
 * @param <K> key type: immutable, with {@code equals} and {@code hashCode}
 * @param <V> value type
 */
public final class Memoized<K, V> implements AutoCloseable {
  private final String name;
  private final ActorRef<Command> ref;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  Memoized(
      String name,
      ActorRef<Command> ref,
      Duration timeout,
      Scheduler scheduler,
      Executor executor,
      Runnable onClose) {
    this.name = name;
    this.ref = ref;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.executor = executor;
    this.onClose = onClose;
  }

  /** The name given to {@code memoize}. */
  public String name() {
    return name;
  }

  /** The component name in stats and metrics: {@code memoizer-<name>}. */
  public String componentName() {
    return MemoizerActor.NAME_PREFIX + name;
  }

  /** The memoizer's actor, for actors that prefer to send {@link MemoizerProtocol.Get}. */
  public ActorRef<Command> ref() {
    return ref;
  }

  /** The value for {@code key}, computed at most once per key while it is remembered. */
  @SuppressWarnings("unchecked")
  public CompletionStage<V> get(K key) {
    Objects.requireNonNull(key, "key");
    return EdgeFutures.<Command, MemoizerProtocol.GetReply>ask(
            ref, r -> new MemoizerProtocol.Get(key, r), timeout, scheduler, executor)
        .thenApply(
            reply -> {
              if (reply instanceof MemoizerProtocol.Value v) {
                return (V) v.value();
              }
              if (reply instanceof MemoizerProtocol.Failed f) {
                throw f.cause() instanceof CompletionException c
                    ? c
                    : new CompletionException(f.cause());
              }
              throw new RejectedException(
                  componentName(), ((MemoizerProtocol.Rejected) reply).reason());
            });
  }

  /** Forgets the result for {@code key}; answers whether one was held. */
  public CompletionStage<Boolean> invalidate(K key) {
    Objects.requireNonNull(key, "key");
    return sendInvalidate(key).thenApply(n -> n > 0);
  }

  /** Forgets every result; answers how many were held. */
  public CompletionStage<Integer> invalidateAll() {
    return sendInvalidate(null);
  }

  private CompletionStage<Integer> sendInvalidate(Object key) {
    return EdgeFutures.<Command, MemoizerProtocol.InvalidateReply>ask(
            ref, r -> new MemoizerProtocol.Invalidate(key, r), timeout, scheduler, executor)
        .thenApply(
            reply -> {
              if (reply instanceof MemoizerProtocol.Rejected rejected) {
                throw new RejectedException(componentName(), rejected.reason());
              }
              return ((MemoizerProtocol.Invalidated) reply).count();
            });
  }

  /** This memoizer's stats (hits, misses = computations started, gauges in-flight, waiters…). */
  public CompletionStage<ComponentStats> stats() {
    return EdgeFutures.ask(ref, MemoizerProtocol.GetStats::new, timeout, scheduler, executor);
  }

  /**
   * Stops the memoizer and frees its place under {@code bounded.memoizer.max-memoizers}; callers
   * still waiting are refused. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ref.tell(MemoizerProtocol.Stop.INSTANCE);
      onClose.run();
    }
  }

  public boolean isClosed() {
    return closed.get();
  }
}
