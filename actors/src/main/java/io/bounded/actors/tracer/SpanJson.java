package io.bounded.actors.tracer;

import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanEvent;
import io.bounded.protocols.tracer.TracerProtocol.SpanLink;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans as JSON, written by hand (the actors module carries no JSON library): the flat form one
 * span per object (file exporter lines, the node's {@code /traces} answers) and OTLP/HTTP JSON
 * ({@code ExportTraceServiceRequest}) for the otlp exporter.
 */
public final class SpanJson {
  private SpanJson() {}

  /**
   * One span as a flat JSON object: ids, {@code service}, {@code name}, {@code kind}, {@code
   * startTimeUnixNano}, {@code endTimeUnixNano}, {@code durationMicros}, {@code status}, {@code
   * statusMessage}, {@code attributes}, {@code events}, {@code links} and the dropped counts.
   */
  public static String flat(SpanData s) {
    StringBuilder b = new StringBuilder(256);
    flat(s, b);
    return b.toString();
  }

  /** Appends {@link #flat(SpanData)} to {@code b}. */
  public static void flat(SpanData s, StringBuilder b) {
    b.append('{');
    field(b, "traceId", s.traceId()).append(',');
    field(b, "spanId", s.spanId()).append(',');
    field(b, "parentSpanId", s.parentSpanId()).append(',');
    field(b, "traceState", s.traceState()).append(',');
    field(b, "service", s.service()).append(',');
    field(b, "name", s.name()).append(',');
    field(b, "kind", s.kind().name()).append(',');
    b.append("\"startTimeUnixNano\":").append(s.startEpochNanos()).append(',');
    b.append("\"endTimeUnixNano\":").append(s.endEpochNanos()).append(',');
    b.append("\"durationMicros\":")
        .append((s.endEpochNanos() - s.startEpochNanos()) / 1000)
        .append(',');
    field(b, "status", s.status().name()).append(',');
    field(b, "statusMessage", s.statusMessage()).append(',');
    b.append("\"attributes\":");
    flatAttributes(s.attributes(), b);
    b.append(",\"events\":[");
    for (int i = 0; i < s.events().size(); i++) {
      SpanEvent e = s.events().get(i);
      b.append(i == 0 ? "{" : ",{");
      field(b, "name", e.name()).append(',');
      b.append("\"timeUnixNano\":").append(e.epochNanos()).append(",\"attributes\":");
      flatAttributes(e.attributes(), b);
      b.append(",\"droppedAttributesCount\":").append(e.droppedAttributes()).append('}');
    }
    b.append("],\"links\":[");
    for (int i = 0; i < s.links().size(); i++) {
      SpanLink l = s.links().get(i);
      b.append(i == 0 ? "{" : ",{");
      field(b, "traceId", l.traceId()).append(',');
      field(b, "spanId", l.spanId()).append(',');
      field(b, "traceState", l.traceState()).append(",\"attributes\":");
      flatAttributes(l.attributes(), b);
      b.append('}');
    }
    b.append("],\"droppedAttributesCount\":").append(s.droppedAttributes());
    b.append(",\"droppedEventsCount\":").append(s.droppedEvents());
    b.append(",\"droppedLinksCount\":").append(s.droppedLinks());
    b.append('}');
  }

  /**
   * An OTLP/HTTP JSON {@code ExportTraceServiceRequest}: one resource per service (attribute {@code
   * service.name}), one scope {@code bounded}. Ids are hex, times decimal strings, kind and status
   * code numbers; {@code EVICTED} and {@code ORPHANED} export as status code 2 (error) with that
   * word as the message.
   */
  public static String otlp(List<SpanData> spans) {
    Map<String, StringBuilder> byService = new LinkedHashMap<>();
    for (SpanData s : spans) {
      StringBuilder b = byService.computeIfAbsent(s.service(), k -> new StringBuilder(512));
      if (b.length() > 0) {
        b.append(',');
      }
      otlpSpan(s, b);
    }
    StringBuilder out = new StringBuilder(1024);
    out.append("{\"resourceSpans\":[");
    boolean first = true;
    for (Map.Entry<String, StringBuilder> e : byService.entrySet()) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":");
      otlpValue(e.getKey(), out);
      out.append("}]},\"scopeSpans\":[{\"scope\":{\"name\":\"bounded\"},\"spans\":[");
      out.append(e.getValue());
      out.append("]}]}");
    }
    out.append("]}");
    return out.toString();
  }

  private static void otlpSpan(SpanData s, StringBuilder b) {
    b.append('{');
    field(b, "traceId", s.traceId()).append(',');
    field(b, "spanId", s.spanId()).append(',');
    if (!s.parentSpanId().isEmpty()) {
      field(b, "parentSpanId", s.parentSpanId()).append(',');
    }
    if (!s.traceState().isEmpty()) {
      field(b, "traceState", s.traceState()).append(',');
    }
    field(b, "name", s.name()).append(',');
    b.append("\"kind\":").append(s.kind().ordinal() + 1).append(',');
    b.append("\"startTimeUnixNano\":\"").append(s.startEpochNanos()).append("\",");
    b.append("\"endTimeUnixNano\":\"").append(s.endEpochNanos()).append("\",");
    b.append("\"attributes\":");
    otlpAttributes(s.attributes(), b);
    b.append(",\"droppedAttributesCount\":").append(s.droppedAttributes());
    b.append(",\"events\":[");
    for (int i = 0; i < s.events().size(); i++) {
      SpanEvent e = s.events().get(i);
      b.append(i == 0 ? "{" : ",{");
      b.append("\"timeUnixNano\":\"").append(e.epochNanos()).append("\",");
      field(b, "name", e.name()).append(",\"attributes\":");
      otlpAttributes(e.attributes(), b);
      b.append(",\"droppedAttributesCount\":").append(e.droppedAttributes()).append('}');
    }
    b.append("],\"droppedEventsCount\":").append(s.droppedEvents());
    b.append(",\"links\":[");
    for (int i = 0; i < s.links().size(); i++) {
      SpanLink l = s.links().get(i);
      b.append(i == 0 ? "{" : ",{");
      field(b, "traceId", l.traceId()).append(',');
      field(b, "spanId", l.spanId()).append(',');
      field(b, "traceState", l.traceState()).append(",\"attributes\":");
      otlpAttributes(l.attributes(), b);
      b.append('}');
    }
    b.append("],\"droppedLinksCount\":").append(s.droppedLinks());
    b.append(",\"status\":{");
    String message = s.statusMessage();
    int code =
        switch (s.status()) {
          case UNSET -> 0;
          case OK -> 1;
          default -> 2;
        };
    if ((s.status() == SpanStatus.EVICTED || s.status() == SpanStatus.ORPHANED)
        && message.isEmpty()) {
      message = s.status().name().toLowerCase(java.util.Locale.ROOT);
    }
    if (!message.isEmpty()) {
      field(b, "message", message).append(',');
    }
    b.append("\"code\":").append(code).append("}}");
  }

  private static void otlpAttributes(Map<String, Object> attributes, StringBuilder b) {
    b.append('[');
    boolean first = true;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      b.append(first ? "{" : ",{");
      first = false;
      field(b, "key", e.getKey()).append(",\"value\":");
      otlpValue(e.getValue(), b);
      b.append('}');
    }
    b.append(']');
  }

  private static void otlpValue(Object v, StringBuilder b) {
    if (v instanceof String s) {
      b.append("{\"stringValue\":");
      string(s, b).append('}');
    } else if (v instanceof Boolean bool) {
      b.append("{\"boolValue\":").append(bool).append('}');
    } else if (v instanceof Long l) {
      b.append("{\"intValue\":\"").append(l).append("\"}");
    } else if (v instanceof Double d) {
      b.append("{\"doubleValue\":");
      number(d, b).append('}');
    } else if (v instanceof List<?> list) {
      b.append("{\"arrayValue\":{\"values\":[");
      for (int i = 0; i < list.size(); i++) {
        b.append(i == 0 ? "" : ",");
        otlpValue(list.get(i), b);
      }
      b.append("]}}");
    } else {
      b.append("{\"stringValue\":");
      string(String.valueOf(v), b).append('}');
    }
  }

  private static void flatAttributes(Map<String, Object> attributes, StringBuilder b) {
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      b.append(first ? "" : ",");
      first = false;
      string(e.getKey(), b).append(':');
      flatValue(e.getValue(), b);
    }
    b.append('}');
  }

  private static void flatValue(Object v, StringBuilder b) {
    if (v instanceof String s) {
      string(s, b);
    } else if (v instanceof Boolean || v instanceof Long) {
      b.append(v);
    } else if (v instanceof Double d) {
      number(d, b);
    } else if (v instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        b.append(i == 0 ? "" : ",");
        flatValue(list.get(i), b);
      }
      b.append(']');
    } else {
      string(String.valueOf(v), b);
    }
  }

  /** A double as JSON; NaN and infinities, which JSON cannot hold, as strings. */
  private static StringBuilder number(double d, StringBuilder b) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return string(Double.toString(d), b);
    }
    return b.append(d);
  }

  private static StringBuilder field(StringBuilder b, String name, String value) {
    b.append('"').append(name).append("\":");
    return string(value, b);
  }

  /** Appends {@code s} as a JSON string literal. */
  static StringBuilder string(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
