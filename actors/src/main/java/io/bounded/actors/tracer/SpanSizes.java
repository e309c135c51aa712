package io.bounded.actors.tracer;

import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanEvent;
import io.bounded.protocols.tracer.TracerProtocol.SpanLink;
import java.util.List;
import java.util.Map;

/**
 * Estimated heap bytes of spans, for {@code bounded.tracer.max-bytes}. Conservative: every
 * character counts 2 bytes (as in a non-Latin-1 string), every string pays its own header even when
 * shared, and every map entry, list slot and record pays a fixed overhead measured for 64-bit JVMs
 * with compressed references.
 */
final class SpanSizes {
  /** A String's header and backing array header. */
  static final long STRING_OVERHEAD = 40;

  /** The span record, its lists and map wrappers, and the store's slot for it. */
  static final long SPAN_OVERHEAD = 240;

  /** A map entry (hash node, links, wrapper share). */
  static final long ENTRY_OVERHEAD = 56;

  /** An event or link record and its list slot. */
  static final long ITEM_OVERHEAD = 64;

  /** A boxed Long, Double or Boolean. */
  static final long BOXED = 24;

  private SpanSizes() {}

  static long of(SpanData s) {
    long b =
        SPAN_OVERHEAD
            + string(s.traceId())
            + string(s.spanId())
            + string(s.parentSpanId())
            + string(s.traceState())
            + string(s.service())
            + string(s.name())
            + string(s.statusMessage())
            + attributes(s.attributes());
    for (SpanEvent e : s.events()) {
      b += event(e);
    }
    for (SpanLink l : s.links()) {
      b += link(l);
    }
    return b;
  }

  static long event(SpanEvent e) {
    return ITEM_OVERHEAD + string(e.name()) + attributes(e.attributes());
  }

  static long link(SpanLink l) {
    return ITEM_OVERHEAD
        + string(l.traceId())
        + string(l.spanId())
        + string(l.traceState())
        + attributes(l.attributes());
  }

  static long attributes(Map<String, Object> attributes) {
    long b = 0;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      b += attribute(e.getKey(), e.getValue());
    }
    return b;
  }

  static long attribute(String key, Object value) {
    return ENTRY_OVERHEAD + string(key) + value(value);
  }

  static long value(Object v) {
    if (v instanceof String s) {
      return string(s);
    }
    if (v instanceof List<?> list) {
      long b = 16 + 8L * list.size();
      for (Object item : list) {
        b += value(item);
      }
      return b;
    }
    return BOXED;
  }

  static long string(String s) {
    return STRING_OVERHEAD + 2L * s.length();
  }
}
