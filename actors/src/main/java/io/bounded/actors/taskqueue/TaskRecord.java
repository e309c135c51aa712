package io.bounded.actors.taskqueue;

import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Task;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskInfo;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import java.time.Instant;

/**
 * One task as the queue holds it: mutable, owned by the queue actor (or a {@link TaskSchedule} in
 * tests), never sent anywhere; replies carry {@link #info()} or {@link #attempt()} snapshots.
 *
 * <p>{@link #order} is the sort key inside whichever ordered set holds the task (ready, delayed or
 * deadlines); only {@link TaskSchedule} changes it, and only while the task is out of every set.
 */
final class TaskRecord {
  /** {@link #leaseExpiresAt} of a run without a deadline. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  final String id;
  final String type;
  final String payload;
  final int priority;
  final int maxAttempts;
  final Backoff backoff;

  /** 0 when attempts have no timeout. */
  final long timeoutMillis;

  final String idempotencyKey;
  final long createdAt;

  TaskState state;
  int attempts;
  String lastError;
  long dueAt;
  long startedAt = -1;
  long finishedAt = -1;
  String lease;
  long leaseExpiresAt = NO_DEADLINE;
  boolean inProcess;
  long order;

  TaskRecord(
      String id,
      String type,
      String payload,
      int priority,
      int maxAttempts,
      Backoff backoff,
      long timeoutMillis,
      String idempotencyKey,
      long createdAt) {
    this.id = id;
    this.type = type;
    this.payload = payload;
    this.priority = priority;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.timeoutMillis = timeoutMillis;
    this.idempotencyKey = idempotencyKey;
    this.createdAt = createdAt;
    this.dueAt = createdAt;
  }

  /** Heap bytes of the payload: 2 per character, as {@code bounded.task-queue.max-bytes} counts. */
  long bytes() {
    return 2L * payload.length();
  }

  /** The running attempt, as a handler or worker receives it. */
  Task attempt() {
    return new Task(
        id,
        type,
        payload,
        priority,
        attempts,
        maxAttempts,
        lease,
        leaseExpiresAt == NO_DEADLINE ? null : Instant.ofEpochMilli(leaseExpiresAt));
  }

  /** A snapshot for replies. */
  TaskInfo info() {
    return new TaskInfo(
        id,
        type,
        payload,
        priority,
        state,
        attempts,
        maxAttempts,
        lastError,
        Instant.ofEpochMilli(createdAt),
        Instant.ofEpochMilli(dueAt),
        startedAt < 0 ? null : Instant.ofEpochMilli(startedAt),
        finishedAt < 0 ? null : Instant.ofEpochMilli(finishedAt),
        state == TaskState.RUNNING && leaseExpiresAt != NO_DEADLINE
            ? Instant.ofEpochMilli(leaseExpiresAt)
            : null,
        idempotencyKey);
  }
}
