package io.bounded.actors.eventbus;

import io.bounded.protocols.eventbus.EventBusProtocol.Event;
import java.time.Instant;

/**
 * The stored events of one topic, oldest first, with contiguous offsets: a ring that grows by
 * doubling and shrinks by halving, so it costs memory in proportion to what it holds. Reads by
 * offset are O(1) and by time O(log n). Not thread-safe: it lives inside the event bus actor, whose
 * {@code max-events} bound (over all topics) limits what it holds.
 */
final class EventLog {
  private static final int MIN_CAPACITY = 8;

  private Event[] ring = new Event[MIN_CAPACITY];
  private int head;
  private int size;

  /** Appends an event whose offset follows the last one. */
  void add(Event e) {
    if (size == ring.length) {
      resize(ring.length * 2);
    }
    ring[(head + size) % ring.length] = e;
    size++;
  }

  /** Removes and answers the oldest event, or {@code null} when empty. */
  Event removeFirst() {
    if (size == 0) {
      return null;
    }
    Event e = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    if (ring.length > MIN_CAPACITY && size <= ring.length / 4) {
      resize(ring.length / 2);
    }
    return e;
  }

  /** The {@code i}-th oldest event, {@code 0 <= i < size()}. */
  Event get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return ring[(head + i) % ring.length];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The index of {@code offset}, clamped to {@code [0, size()]}. */
  int indexOf(long offset) {
    if (size == 0) {
      return 0;
    }
    long i = offset - ring[head].offset();
    return (int) Math.max(0, Math.min(size, i));
  }

  /** The index of the first event stored at or after {@code t}, or {@code size()} if none. */
  int indexAtOrAfter(Instant t) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (get(mid).timestamp().isBefore(t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Array slots held, for tests of the memory claim. */
  int slots() {
    return ring.length;
  }

  private void resize(int capacity) {
    Event[] next = new Event[capacity];
    for (int i = 0; i < size; i++) {
      next[i] = ring[(head + i) % ring.length];
    }
    ring = next;
    head = 0;
  }
}
