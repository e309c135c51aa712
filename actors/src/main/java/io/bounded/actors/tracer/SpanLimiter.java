package io.bounded.actors.tracer;

import io.bounded.config.TracerSettings.SpanLimits;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanEvent;
import io.bounded.protocols.tracer.TracerProtocol.SpanLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenTelemetry's span limits ({@code bounded.tracer.span-limits}): at most {@code max-attributes}
 * attributes per span (and per event and link), {@code max-events} events and {@code max-links}
 * links; string values (and list items) longer than {@code max-attribute-value-length} are cut to
 * it. An attribute whose key is longer than that is dropped. What is dropped is counted on the
 * span.
 */
final class SpanLimiter {
  private final SpanLimits limits;

  SpanLimiter(SpanLimits limits) {
    this.limits = limits;
  }

  int maxEvents() {
    return limits.maxEvents();
  }

  int maxLinks() {
    return limits.maxLinks();
  }

  /**
   * Puts {@code add} into {@code target} (a key already there is replaced), within the limits.
   *
   * @return how many attributes were dropped
   */
  int putAll(Map<String, Object> target, Map<String, Object> add) {
    int dropped = 0;
    for (Map.Entry<String, Object> e : add.entrySet()) {
      String key = e.getKey();
      if (key.length() > limits.maxAttributeValueLength()) {
        dropped++;
      } else if (target.containsKey(key) || target.size() < limits.maxAttributes()) {
        target.put(key, value(e.getValue()));
      } else {
        dropped++;
      }
    }
    return dropped;
  }

  /** The value, with strings cut to {@code max-attribute-value-length}. */
  Object value(Object v) {
    int max = limits.maxAttributeValueLength();
    if (v instanceof String s) {
      return s.length() > max ? s.substring(0, max) : s;
    }
    if (v instanceof List<?> list) {
      boolean cut = false;
      for (Object item : list) {
        cut |= item instanceof String s && s.length() > max;
      }
      if (!cut) {
        return v;
      }
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(value(item));
      }
      return List.copyOf(out);
    }
    return v;
  }

  /** The event with its attributes within the limits. */
  SpanEvent event(SpanEvent e) {
    if (within(e.attributes())) {
      return e;
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    int dropped = putAll(attrs, e.attributes());
    return new SpanEvent(e.name(), e.epochNanos(), attrs, e.droppedAttributes() + dropped);
  }

  /**
   * The link with its attributes within the limits (drops there are not counted: OTLP has none).
   */
  SpanLink link(SpanLink l) {
    if (within(l.attributes())) {
      return l;
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    putAll(attrs, l.attributes());
    return new SpanLink(l.traceId(), l.spanId(), l.traceState(), attrs);
  }

  /** The span made elsewhere (ingested), within the limits, drops added to its own counts. */
  SpanData limit(SpanData s) {
    if (within(s.attributes())
        && s.events().size() <= limits.maxEvents()
        && s.links().size() <= limits.maxLinks()
        && s.events().stream().allMatch(e -> within(e.attributes()))
        && s.links().stream().allMatch(l -> within(l.attributes()))) {
      return s;
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    int droppedAttributes = putAll(attrs, s.attributes());
    List<SpanEvent> events = new ArrayList<>();
    for (SpanEvent e : s.events()) {
      if (events.size() < limits.maxEvents()) {
        events.add(event(e));
      }
    }
    List<SpanLink> links = new ArrayList<>();
    for (SpanLink l : s.links()) {
      if (links.size() < limits.maxLinks()) {
        links.add(link(l));
      }
    }
    return new SpanData(
        s.traceId(),
        s.spanId(),
        s.parentSpanId(),
        s.traceState(),
        s.service(),
        s.name(),
        s.kind(),
        s.startEpochNanos(),
        s.endEpochNanos(),
        attrs,
        events,
        links,
        s.status(),
        s.statusMessage(),
        s.droppedAttributes() + droppedAttributes,
        s.droppedEvents() + s.events().size() - events.size(),
        s.droppedLinks() + s.links().size() - links.size());
  }

  private boolean within(Map<String, Object> attributes) {
    if (attributes.size() > limits.maxAttributes()) {
      return false;
    }
    int max = limits.maxAttributeValueLength();
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (e.getKey().length() > max || value(e.getValue()) != e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
