package io.bounded.actors.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Asks at the edge of the runtime (embedding clients, HTTP routes) and hands back futures whose
 * {@code *Async} callbacks run on an explicit executor. On a 2-core machine the JDK common pool has
 * parallelism 1, and {@link CompletableFuture} then starts a new thread for every async callback;
 * pinning the default executor avoids that trap for callers too.
 */
public final class EdgeFutures {
  private EdgeFutures() {}

  /**
   * Sends the request made by {@code make} and completes with the reply, or with a {@code
   * TimeoutException} after {@code timeout}.
   */
  public static <Req, Res> CompletableFuture<Res> ask(
      RecipientRef<Req> target,
      Function<ActorRef<Res>, Req> make,
      Duration timeout,
      Scheduler scheduler,
      Executor executor) {
    ExecutorFuture<Res> result = new ExecutorFuture<>(executor);
    // whenCompleteAsync with the executor: Pekko's ask answers a Scala-converted future whose
    // plain whenComplete is itself async on the JDK default executor (a new thread per reply here)
    AskPattern.<Req, Res>ask(target, make::apply, timeout, scheduler)
        .whenCompleteAsync(
            (value, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else {
                result.complete(value);
              }
            },
            executor);
    return result;
  }

  /** A future whose default async executor (and that of every stage derived from it) is given. */
  public static final class ExecutorFuture<T> extends CompletableFuture<T> {
    private final Executor executor;

    public ExecutorFuture(Executor executor) {
      this.executor = executor;
    }

    @Override
    public Executor defaultExecutor() {
      return executor;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new ExecutorFuture<>(executor);
    }
  }
}
