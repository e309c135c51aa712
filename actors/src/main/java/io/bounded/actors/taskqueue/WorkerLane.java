package io.bounded.actors.taskqueue;

import io.bounded.protocols.taskqueue.TaskHandler;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The in-process workers of one task type: a Pekko stream {@code Source.queue(2 x concurrency) →
 * mapAsyncUnordered(concurrency, handler) → Sink.foreach(result)}. At most {@code concurrency}
 * handler runs are in progress at once (mapAsyncUnordered's parallelism). The queue actor hands a
 * lane at most {@code 2 x concurrency} tasks at a time: the runs, plus as many waiting in the
 * source queue, so a handler starts its next task without waiting for the actor to settle the last
 * one (without that prefetch, concurrency 1 ran at a tenth of the speed). The source queue
 * therefore never fills and an offer never fails. Each run's result goes to a hand-off queue shared
 * with the actor (see {@link Completions}).
 */
final class WorkerLane {
  /** A run finished: {@code error} is {@code null} on success. */
  record Result(long laneId, String taskId, String lease, String type, String error) {}

  /**
   * Results of handler runs on their way to the queue actor: a thread-safe queue plus a nudge. A
   * stream thread adds a result and, when none is pending, tells the actor {@code nudge}; the actor
   * drains on the nudge and on its other messages and ticks. Results cannot be lost to a full actor
   * inbox (a lost nudge only delays the drain to the next message or tick), and the queue never
   * holds more results than runs in flight (at most {@code max-types x max-handler-concurrency}).
   */
  static final class Completions {
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean nudged =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable nudge;

    Completions(Runnable nudge) {
      this.nudge = nudge;
    }

    void add(Result r) {
      results.add(r);
      if (nudged.compareAndSet(false, true)) {
        nudge.run();
      }
    }

    /** Hands every pending result to {@code sink}; called on the actor's thread only. */
    int drain(Consumer<Result> sink) {
      nudged.set(false);
      int n = 0;
      Result r;
      while ((r = results.poll()) != null) {
        sink.accept(r);
        n++;
      }
      return n;
    }
  }

  final long id;
  final String type;
  final int concurrency;
  private final BoundedSourceQueue<Task> queue;

  /** Tasks handed over (running or waiting in the buffer), not yet reported back; actor only. */
  int inFlight;

  private WorkerLane(long id, String type, int concurrency, BoundedSourceQueue<Task> queue) {
    this.id = id;
    this.type = type;
    this.concurrency = concurrency;
    this.queue = queue;
  }

  static WorkerLane start(
      long id,
      String type,
      int concurrency,
      TaskHandler handler,
      Completions completions,
      Materializer materializer) {
    BoundedSourceQueue<Task> queue =
        // Never overflows: the actor offers only while inFlight < 2 x concurrency (= this buffer).
        Source.<Task>queue(2 * concurrency)
            .mapAsyncUnordered(concurrency, task -> run(id, handler, task))
            .to(Sink.foreach(completions::add))
            .run(materializer);
    return new WorkerLane(id, type, concurrency, queue);
  }

  /** Whether the lane takes another task: fewer than {@code 2 x concurrency} handed over. */
  boolean hasRoom() {
    return inFlight < 2 * concurrency;
  }

  /**
   * Hands a task to the stream.
   *
   * @return false when the stream refused it (closed, or full against the rule above)
   */
  boolean offer(Task task) {
    QueueOfferResult r = queue.offer(task);
    if (r == QueueOfferResult.enqueued()) {
      inFlight++;
      return true;
    }
    return false;
  }

  /** Lets runs in progress finish, then ends the stream. */
  void stop() {
    try {
      queue.complete();
    } catch (IllegalStateException alreadyDone) {
      // the stream ended already (its materializer stops with the actor): nothing to stop
    }
  }

  private static CompletionStage<Result> run(long laneId, TaskHandler handler, Task task) {
    CompletionStage<?> stage;
    try {
      stage = handler.handle(task);
    } catch (Exception | LinkageError | AssertionError e) {
      return CompletableFuture.completedFuture(result(laneId, task, describe(e)));
    }
    if (stage == null) {
      return CompletableFuture.completedFuture(
          result(laneId, task, "the handler returned no stage"));
    }
    return stage.handle((v, e) -> result(laneId, task, e == null ? null : describe(unwrap(e))));
  }

  private static Result result(long laneId, Task task, String error) {
    return new Result(laneId, task.id(), task.lease(), task.type(), error);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getName() : e.getClass().getName() + ": " + m;
  }
}
