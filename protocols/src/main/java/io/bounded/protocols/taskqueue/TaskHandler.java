package io.bounded.protocols.taskqueue;

import java.util.concurrent.CompletionStage;

/**
 * The work of one task type, run by the task queue's in-process workers ({@link
 * TaskQueueProtocol.RegisterHandler}).
 *
 * <p>Contract: {@link #handle} is called on a stream thread, never the queue actor's, at most
 * {@code concurrency} times at once for its type. It must return quickly: blocking work belongs on
 * an executor of the handler's own, with the stage completing when it is done. A stage that
 * completes normally succeeds the attempt; one that completes exceptionally, a {@code null} stage,
 * or an exception thrown by {@code handle} fails it (the task is retried after its backoff, or
 * dead-lettered after {@code maxAttempts}). A task's {@code timeout} fails the attempt when it
 * passes, but the run keeps its concurrency slot until its stage completes, so a hung handler can
 * never make more than {@code concurrency} runs pile up.
 */
@FunctionalInterface
public interface TaskHandler {
  /**
   * Runs one attempt of {@code task}.
   *
   * @return a stage that completes when the attempt is done
   */
  CompletionStage<?> handle(TaskQueueProtocol.Task task) throws Exception;
}
