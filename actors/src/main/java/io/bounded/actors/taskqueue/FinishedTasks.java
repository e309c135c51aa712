package io.bounded.actors.taskqueue;

import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finished tasks (succeeded, failed, dead), oldest finish first, at most {@code capacity}: adding
 * one to a full set drops the longest-finished first. Reads do not reorder, so the order is always
 * by finish time (for a clock that does not go back), and a retention sweep stops at the first task
 * young enough to keep. Not thread-safe: it lives inside one actor.
 */
final class FinishedTasks {
  private final int capacity;
  private final LinkedHashMap<String, TaskRecord> byId;
  private final int[] counts = new int[TaskState.values().length];
  private long bytes;

  FinishedTasks(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
    }
    this.capacity = capacity;
    // Pre-size for small sets only: a huge capacity must not allocate a huge table up front.
    this.byId = new LinkedHashMap<>(Math.min(capacity, 1 << 12));
  }

  /**
   * Adds a finished task (its {@code finishedAt} set), newest.
   *
   * @return the task dropped to make room, or {@code null}
   */
  TaskRecord add(TaskRecord t) {
    TaskRecord dropped = byId.size() >= capacity ? dropEldest() : null;
    byId.put(t.id, t);
    counts[t.state.ordinal()]++;
    bytes += t.bytes();
    return dropped;
  }

  /** Drops the longest-finished task (to honour a byte bound); {@code null} when empty. */
  TaskRecord dropEldest() {
    Iterator<TaskRecord> it = byId.values().iterator();
    if (!it.hasNext()) {
      return null;
    }
    TaskRecord t = it.next();
    it.remove();
    forget(t);
    return t;
  }

  private void forget(TaskRecord t) {
    counts[t.state.ordinal()]--;
    bytes -= t.bytes();
  }

  /** Payload bytes held ({@link TaskRecord#bytes()} summed). */
  long bytes() {
    return bytes;
  }

  /** The finished task with this id, or {@code null}. */
  TaskRecord get(String id) {
    return byId.get(id);
  }

  /** Removes a task (it is being retried). */
  TaskRecord remove(String id) {
    TaskRecord t = byId.remove(id);
    if (t != null) {
      forget(t);
    }
    return t;
  }

  /**
   * Drops every task that finished at or before {@code cutoff}, telling {@code onDropped} of each.
   * Costs one step per dropped task plus one.
   *
   * @return how many were dropped
   */
  int sweep(long cutoff, Consumer<TaskRecord> onDropped) {
    int dropped = 0;
    Iterator<TaskRecord> it = byId.values().iterator();
    while (it.hasNext()) {
      TaskRecord t = it.next();
      if (t.finishedAt > cutoff) {
        break;
      }
      it.remove();
      forget(t);
      onDropped.accept(t);
      dropped++;
    }
    return dropped;
  }

  /** Up to {@code limit} tasks in {@code state}, most recently finished first. */
  List<TaskRecord> newestFirst(TaskState state, int limit) {
    List<TaskRecord> all = new ArrayList<>(byId.values());
    List<TaskRecord> out = new ArrayList<>(Math.min(limit, 64));
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      if (all.get(i).state == state) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  /** Finished tasks held in {@code state}. */
  int count(TaskState state) {
    return counts[state.ordinal()];
  }

  int size() {
    return byId.size();
  }

  int capacity() {
    return capacity;
  }

  void clear() {
    byId.clear();
    java.util.Arrays.fill(counts, 0);
    bytes = 0;
  }
}
