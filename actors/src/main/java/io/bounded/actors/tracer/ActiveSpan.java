package io.bounded.actors.tracer;

import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanEvent;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import io.bounded.protocols.tracer.TracerProtocol.SpanLink;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An open span, owned by the tracer actor and changed only on its thread. Its attributes, events
 * and links are kept within the span limits as they arrive; {@link #bytes} tracks its estimated
 * size.
 */
final class ActiveSpan {
  final String traceId;
  final String spanId;
  final String parentSpanId;
  final String traceState;
  final String service;
  final String name;
  final SpanKind kind;
  final long startEpochNanos;

  /** The tracer's clock when the span opened, for orphan reaping. */
  final long openedAtMillis;

  final Map<String, Object> attributes = new LinkedHashMap<>();
  final List<SpanEvent> events = new ArrayList<>(0);
  final List<SpanLink> links;
  int droppedAttributes;
  int droppedEvents;
  int droppedLinks;
  long bytes;

  ActiveSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String traceState,
      String service,
      String name,
      SpanKind kind,
      long startEpochNanos,
      long openedAtMillis,
      List<SpanLink> links) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.traceState = traceState;
    this.service = service;
    this.name = name;
    this.kind = kind;
    this.startEpochNanos = startEpochNanos;
    this.openedAtMillis = openedAtMillis;
    this.links = links;
  }

  /** The finished span; this object is not used after. */
  SpanData finish(SpanStatus status, String statusMessage, long endEpochNanos) {
    return new SpanData(
        traceId,
        spanId,
        parentSpanId,
        traceState,
        service,
        name,
        kind,
        startEpochNanos,
        Math.max(endEpochNanos, startEpochNanos),
        attributes,
        events,
        links,
        status,
        statusMessage,
        droppedAttributes,
        droppedEvents,
        droppedLinks);
  }
}
