package io.bounded.actors.taskqueue;

import io.bounded.actors.support.EdgeFutures;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.taskqueue.TaskHandler;
import io.bounded.protocols.taskqueue.TaskQueueProtocol;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Command;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.ControlReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.EnqueueReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.GetTaskReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.LeaseReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.ListReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.SettleReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Task;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TypesReply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

/**
 * A thin {@code CompletionStage} face over the task queue actor, for code that is not an actor (the
 * node's routes, embedding applications). Every call is one ask with {@code
 * bounded.runtime.ask-timeout} and completes with the queue's reply as is (including {@code
 * Rejected}, {@code QueueFull}, {@code UnknownTask}, {@code Conflict}), or with a {@link
 * java.util.concurrent.TimeoutException}. The stages' {@code *Async} callbacks default to the
 * runtime's dispatcher, never the JDK common pool.
 */
public final class TaskQueueClient {
  private final ActorRef<Command> queue;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Executor blocking;

  /**
   * @param executor where the stages' async callbacks run (the runtime's dispatcher)
   * @param blocking where {@link #registerBlocking} runs blocking work (the blocking dispatcher)
   */
  public TaskQueueClient(
      ActorRef<Command> queue,
      Duration timeout,
      Scheduler scheduler,
      Executor executor,
      Executor blocking) {
    this.queue = queue;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.executor = executor;
    this.blocking = blocking;
  }

  /** Adds a task: {@code Enqueued}, {@code QueueFull} or {@code Rejected}. */
  public CompletionStage<EnqueueReply> enqueue(TaskSpec spec) {
    return ask(r -> new TaskQueueProtocol.Enqueue(spec, r));
  }

  /** Runs {@code type} in-process with an asynchronous handler (see {@link TaskHandler}). */
  public CompletionStage<ControlReply> register(String type, int concurrency, TaskHandler handler) {
    return ask(r -> new TaskQueueProtocol.RegisterHandler(type, concurrency, handler, r));
  }

  /**
   * Runs {@code type} in-process with blocking code: each run goes to the runtime's blocking
   * dispatcher ({@code bounded.blocking-dispatcher}), never a stream or actor thread. An exception
   * fails the attempt.
   */
  public CompletionStage<ControlReply> registerBlocking(
      String type, int concurrency, Consumer<Task> work) {
    return register(
        type, concurrency, task -> CompletableFuture.runAsync(() -> work.accept(task), blocking));
  }

  /** Stops the type's in-process handler. */
  public CompletionStage<ControlReply> unregister(String type) {
    return ask(r -> new TaskQueueProtocol.UnregisterHandler(type, r));
  }

  public CompletionStage<ControlReply> pause(String type) {
    return ask(r -> new TaskQueueProtocol.Pause(type, r));
  }

  public CompletionStage<ControlReply> resume(String type) {
    return ask(r -> new TaskQueueProtocol.Resume(type, r));
  }

  /**
   * Leases up to {@code max} tasks for a pull worker.
   *
   * @param lease how long, or {@code null} for {@code default-lease}
   */
  public CompletionStage<LeaseReply> lease(String type, int max, Duration lease) {
    return ask(r -> new TaskQueueProtocol.Lease(type, max, lease, r));
  }

  public CompletionStage<SettleReply> ack(String id, String lease) {
    return ask(r -> new TaskQueueProtocol.Ack(id, lease, r));
  }

  public CompletionStage<SettleReply> fail(String id, String lease, String error, boolean retry) {
    return ask(r -> new TaskQueueProtocol.Fail(id, lease, error, retry, r));
  }

  /**
   * @param by the new lease from now, or {@code null} for {@code default-lease}
   */
  public CompletionStage<SettleReply> extend(String id, String lease, Duration by) {
    return ask(r -> new TaskQueueProtocol.Extend(id, lease, by, r));
  }

  public CompletionStage<SettleReply> retry(String id) {
    return ask(r -> new TaskQueueProtocol.Retry(id, r));
  }

  public CompletionStage<GetTaskReply> get(String id) {
    return ask(r -> new TaskQueueProtocol.GetTask(id, r));
  }

  public CompletionStage<ListReply> list(TaskState state, int limit) {
    return ask(r -> new TaskQueueProtocol.ListTasks(state, limit, r));
  }

  public CompletionStage<TypesReply> types() {
    return ask(TaskQueueProtocol.ListTypes::new);
  }

  public CompletionStage<ComponentStats> stats() {
    return ask(TaskQueueProtocol.GetStats::new);
  }

  private <R> CompletionStage<R> ask(Function<ActorRef<R>, Command> request) {
    return EdgeFutures.ask(queue, request, timeout, scheduler, executor);
  }
}
