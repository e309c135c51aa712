package io.bounded.actors.taskqueue;

import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The order in which live tasks run: plain data structures, no actors, no clock (times are passed
 * in as epoch milliseconds), so the scheduling rules are unit-tested on their own.
 *
 * <ul>
 *   <li><b>Ready</b> tasks, per type: highest priority first, then first in, first out (the order
 *       they became ready: enqueue, due time, or retry).
 *   <li><b>Delayed</b> tasks (a {@code runAt} in the future, or a retry's backoff): by due time.
 *   <li><b>Deadlines</b> of running attempts that have one (a pull worker's lease, an in-process
 *       timeout): by expiry.
 * </ul>
 *
 * <p>A task is in at most one of these sets; each operation is O(log n). The caller bounds how many
 * tasks there are (the queue's {@code max-tasks}); this class holds what it is given.
 */
final class TaskSchedule {
  private static final Comparator<TaskRecord> RUN_ORDER =
      Comparator.<TaskRecord>comparingInt(t -> t.priority)
          .reversed()
          .thenComparingLong(t -> t.order);
  private static final Comparator<TaskRecord> BY_DUE =
      Comparator.<TaskRecord>comparingLong(t -> t.dueAt).thenComparingLong(t -> t.order);
  private static final Comparator<TaskRecord> BY_DEADLINE =
      Comparator.<TaskRecord>comparingLong(t -> t.leaseExpiresAt).thenComparingLong(t -> t.order);

  private final Map<String, TreeSet<TaskRecord>> ready = new HashMap<>();
  private final TreeSet<TaskRecord> delayed = new TreeSet<>(BY_DUE);
  private final TreeSet<TaskRecord> deadlines = new TreeSet<>(BY_DEADLINE);
  private long sequence;
  private int readyCount;

  /** Adds a task to its type's ready set, behind every ready task of its priority. */
  void makeReady(TaskRecord t) {
    t.state = TaskState.PENDING;
    t.order = ++sequence;
    ready.computeIfAbsent(t.type, k -> new TreeSet<>(RUN_ORDER)).add(t);
    readyCount++;
  }

  /** Holds a task until {@code dueAt}. */
  void delay(TaskRecord t, long dueAt) {
    t.state = TaskState.DELAYED;
    t.dueAt = dueAt;
    t.order = ++sequence;
    delayed.add(t);
  }

  /**
   * Adds a new or returning task: delayed when {@code dueAt > now}, ready otherwise.
   *
   * @return true when it is ready now
   */
  boolean schedule(TaskRecord t, long dueAt, long now) {
    if (dueAt > now) {
      delay(t, dueAt);
      return false;
    }
    t.dueAt = dueAt;
    makeReady(t);
    return true;
  }

  /** The next ready task of {@code type}, removed, or {@code null}. */
  TaskRecord pollReady(String type) {
    TreeSet<TaskRecord> set = ready.get(type);
    if (set == null) {
      return null;
    }
    TaskRecord t = set.pollFirst();
    readyCount--;
    if (set.isEmpty()) {
      ready.remove(type);
    }
    return t;
  }

  /**
   * Moves every delayed task due at or before {@code now} to its ready set, in due order.
   *
   * @return the types that received tasks (each once)
   */
  List<String> promoteDue(long now) {
    List<String> types = new ArrayList<>(2);
    while (!delayed.isEmpty() && delayed.first().dueAt <= now) {
      TaskRecord t = delayed.pollFirst();
      makeReady(t);
      if (!types.contains(t.type)) {
        types.add(t.type);
      }
    }
    return types;
  }

  /**
   * Marks a task running under {@code lease} until {@code expiresAt} ({@link
   * TaskRecord#NO_DEADLINE} for none). The task must already be out of the ready set.
   */
  void startRunning(TaskRecord t, String lease, long expiresAt, long now) {
    t.state = TaskState.RUNNING;
    t.lease = lease;
    t.attempts++;
    t.startedAt = now;
    t.leaseExpiresAt = expiresAt;
    if (expiresAt != TaskRecord.NO_DEADLINE) {
      t.order = ++sequence;
      deadlines.add(t);
    }
  }

  /** Moves a running task's deadline. */
  void extend(TaskRecord t, long expiresAt) {
    deadlines.remove(t);
    t.leaseExpiresAt = expiresAt;
    t.order = ++sequence;
    deadlines.add(t);
  }

  /** Ends a running attempt: the task leaves the deadlines and holds no lease. */
  void stopRunning(TaskRecord t) {
    if (t.leaseExpiresAt != TaskRecord.NO_DEADLINE) {
      deadlines.remove(t);
    }
    t.lease = null;
    t.leaseExpiresAt = TaskRecord.NO_DEADLINE;
  }

  /**
   * The running task whose deadline passed first, at or before {@code now}, or {@code null}. It
   * stays running: the caller settles it with {@link #stopRunning}.
   */
  TaskRecord firstExpired(long now) {
    if (deadlines.isEmpty() || deadlines.first().leaseExpiresAt > now) {
      return null;
    }
    return deadlines.first();
  }

  /** When something next becomes due or expires; {@link Long#MAX_VALUE} when nothing will. */
  long nextWakeAt() {
    long next = Long.MAX_VALUE;
    if (!delayed.isEmpty()) {
      next = delayed.first().dueAt;
    }
    if (!deadlines.isEmpty()) {
      next = Math.min(next, deadlines.first().leaseExpiresAt);
    }
    return next;
  }

  /** Ready tasks of {@code type}. */
  int readyCount(String type) {
    TreeSet<TaskRecord> set = ready.get(type);
    return set == null ? 0 : set.size();
  }

  /** Ready tasks of every type. */
  int readyCount() {
    return readyCount;
  }

  /** Delayed tasks of every type. */
  int delayedCount() {
    return delayed.size();
  }

  /**
   * Up to {@code limit} ready tasks across types, in run order (priority, then age). Costs a pass
   * over every ready task.
   */
  List<TaskRecord> ready(int limit) {
    List<TaskRecord> all = new ArrayList<>(readyCount);
    ready.values().forEach(all::addAll);
    all.sort(RUN_ORDER);
    return all.subList(0, Math.min(limit, all.size()));
  }

  /** Up to {@code limit} delayed tasks, soonest due first. */
  List<TaskRecord> delayed(int limit) {
    return first(delayed.iterator(), limit);
  }

  private static List<TaskRecord> first(Iterator<TaskRecord> it, int limit) {
    List<TaskRecord> out = new ArrayList<>(Math.min(limit, 64));
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }

  /** Forgets everything (the actor stopping). */
  void clear() {
    ready.clear();
    delayed.clear();
    deadlines.clear();
    readyCount = 0;
  }
}
