package io.bounded.actors.tracer;

import io.bounded.protocols.DropCause;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import io.bounded.protocols.tracer.TracerProtocol.TraceSummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finished traces, like Jaeger's in-memory store but bounded: at most {@code maxTraces} traces
 * holding at most {@code maxSpans} spans in all. Traces are kept in order of their last update, so
 * the eldest is the one untouched longest: it goes first when a bound is reached ({@link
 * DropCause#SIZE}), when bytes are needed ({@link DropCause#BYTES}) and when retention passes
 * ({@link DropCause#EXPIRED}). Not thread-safe: it lives inside the tracer actor.
 */
final class TraceStore {
  /** Told of every trace removed, with why. */
  interface Listener {
    void removed(String traceId, int spans, DropCause cause);
  }

  private static final class StoredTrace {
    final List<SpanData> spans = new ArrayList<>(4);
    long bytes;
    long updatedAtMillis;
  }

  private final int maxTraces;
  private final int maxSpans;
  private final Listener listener;
  // Insertion order = order of last update: a trace is re-inserted when a span joins it.
  private final LinkedHashMap<String, StoredTrace> traces = new LinkedHashMap<>();
  private int spans;
  private long bytes;

  TraceStore(int maxTraces, int maxSpans, Listener listener) {
    if (maxTraces < 1 || maxSpans < 1) {
      throw new IllegalArgumentException("bounds must be >= 1");
    }
    this.maxTraces = maxTraces;
    this.maxSpans = maxSpans;
    this.listener = listener;
  }

  /**
   * Stores a finished span with its trace, evicting the least recently updated other traces until
   * both bounds hold.
   *
   * @param spanBytes the span's estimated size
   * @return false, storing nothing, when the span's own trace already holds {@code maxSpans} spans
   */
  boolean add(SpanData span, long spanBytes, long nowMillis) {
    StoredTrace trace = traces.get(span.traceId());
    if (trace != null && trace.spans.size() >= maxSpans) {
      return false;
    }
    if (trace == null) {
      trace = new StoredTrace();
    } else {
      // re-inserted below, which makes it the most recently updated
      traces.remove(span.traceId());
    }
    trace.spans.add(span);
    trace.bytes += spanBytes;
    trace.updatedAtMillis = nowMillis;
    traces.put(span.traceId(), trace);
    spans++;
    bytes += spanBytes;
    while (traces.size() > maxTraces || spans > maxSpans) {
      evictEldest(DropCause.SIZE);
    }
    return true;
  }

  /**
   * Removes the least recently updated trace.
   *
   * @return false when the store is empty
   */
  boolean evictEldest(DropCause cause) {
    Iterator<Map.Entry<String, StoredTrace>> it = traces.entrySet().iterator();
    if (!it.hasNext()) {
      return false;
    }
    Map.Entry<String, StoredTrace> eldest = it.next();
    it.remove();
    forget(eldest.getKey(), eldest.getValue(), cause);
    return true;
  }

  /**
   * Removes traces last updated at or before {@code cutoffMillis}; costs one step per removed trace
   * plus one.
   *
   * @return how many traces were removed
   */
  int expire(long cutoffMillis) {
    int removed = 0;
    Iterator<Map.Entry<String, StoredTrace>> it = traces.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, StoredTrace> e = it.next();
      if (e.getValue().updatedAtMillis > cutoffMillis) {
        break;
      }
      it.remove();
      forget(e.getKey(), e.getValue(), DropCause.EXPIRED);
      removed++;
    }
    return removed;
  }

  /** The trace's spans by start time, or {@code null} when it is not stored. */
  List<SpanData> get(String traceId) {
    StoredTrace trace = traces.get(traceId);
    if (trace == null) {
      return null;
    }
    List<SpanData> out = new ArrayList<>(trace.spans);
    out.sort(Comparator.comparingLong(SpanData::startEpochNanos));
    return out;
  }

  /**
   * The most recently updated traces, newest first.
   *
   * @param service only traces with a span of this service, or {@code null}
   */
  List<TraceSummary> recent(String service, int limit) {
    Deque<Map.Entry<String, StoredTrace>> last = new ArrayDeque<>(Math.min(limit, 1024));
    for (Map.Entry<String, StoredTrace> e : traces.entrySet()) {
      if (service == null || hasService(e.getValue(), service)) {
        last.addLast(e);
        if (last.size() > limit) {
          last.removeFirst();
        }
      }
    }
    List<TraceSummary> out = new ArrayList<>(last.size());
    Iterator<Map.Entry<String, StoredTrace>> it = last.descendingIterator();
    while (it.hasNext()) {
      Map.Entry<String, StoredTrace> e = it.next();
      out.add(summary(e.getKey(), e.getValue()));
    }
    return out;
  }

  int traces() {
    return traces.size();
  }

  int spans() {
    return spans;
  }

  long bytes() {
    return bytes;
  }

  void clear() {
    traces.clear();
    spans = 0;
    bytes = 0;
  }

  private void forget(String traceId, StoredTrace trace, DropCause cause) {
    spans -= trace.spans.size();
    bytes -= trace.bytes;
    listener.removed(traceId, trace.spans.size(), cause);
  }

  private static boolean hasService(StoredTrace trace, String service) {
    for (SpanData s : trace.spans) {
      if (s.service().equals(service)) {
        return true;
      }
    }
    return false;
  }

  private static TraceSummary summary(String traceId, StoredTrace trace) {
    SpanData root = null;
    SpanData earliest = null;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    int errors = 0;
    for (SpanData s : trace.spans) {
      if (root == null && s.parentSpanId().isEmpty()) {
        root = s;
      }
      if (earliest == null || s.startEpochNanos() < earliest.startEpochNanos()) {
        earliest = s;
      }
      start = Math.min(start, s.startEpochNanos());
      end = Math.max(end, s.endEpochNanos());
      if (s.status() != SpanStatus.UNSET && s.status() != SpanStatus.OK) {
        errors++;
      }
    }
    SpanData head = root != null ? root : earliest;
    return new TraceSummary(
        traceId, head.name(), head.service(), trace.spans.size(), start, end, errors);
  }
}
