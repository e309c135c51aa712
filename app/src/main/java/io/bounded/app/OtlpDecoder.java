package io.bounded.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanEvent;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import io.bounded.protocols.tracer.TracerProtocol.SpanLink;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OTLP/HTTP trace requests ({@code ExportTraceServiceRequest}) in JSON or protobuf, turned into
 * {@link SpanData}. A request whose structure is wrong is refused as a whole with a reason ({@link
 * BadPayload}); a span whose ids or times are wrong is passed on as is, for the tracer to refuse on
 * its own (OTLP partial success). Spans without {@code service.name} get {@value #UNKNOWN_SERVICE},
 * as in the OpenTelemetry SDKs.
 */
final class OtlpDecoder {
  static final String UNKNOWN_SERVICE = "unknown_service";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /** The payload is not an OTLP trace request; the message says where it went wrong. */
  static final class BadPayload extends Exception {
    BadPayload(String message) {
      super(message);
    }
  }

  private OtlpDecoder() {}

  // ---- protobuf

  static List<SpanData> fromProtobuf(byte[] body) throws BadPayload {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new BadPayload("not an OTLP ExportTraceServiceRequest in protobuf: " + e.getMessage());
    }
    List<SpanData> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      String service = UNKNOWN_SERVICE;
      for (KeyValue kv : rs.getResource().getAttributesList()) {
        if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
          service = kv.getValue().getStringValue();
        }
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          out.add(fromProtobuf(s, service));
        }
      }
    }
    return out;
  }

  private static SpanData fromProtobuf(Span s, String service) {
    List<SpanEvent> events = new ArrayList<>(s.getEventsCount());
    for (Span.Event e : s.getEventsList()) {
      events.add(
          new SpanEvent(
              e.getName(),
              e.getTimeUnixNano(),
              attributes(e.getAttributesList()),
              e.getDroppedAttributesCount()));
    }
    List<SpanLink> links = new ArrayList<>(s.getLinksCount());
    for (Span.Link l : s.getLinksList()) {
      links.add(
          new SpanLink(
              hex(l.getTraceId()),
              hex(l.getSpanId()),
              l.getTraceState(),
              attributes(l.getAttributesList())));
    }
    return new SpanData(
        hex(s.getTraceId()),
        hex(s.getSpanId()),
        hex(s.getParentSpanId()),
        s.getTraceState(),
        service,
        s.getName(),
        kind(s.getKindValue()),
        s.getStartTimeUnixNano(),
        s.getEndTimeUnixNano(),
        attributes(s.getAttributesList()),
        events,
        links,
        status(s.getStatus().getCodeValue()),
        s.getStatus().getMessage(),
        s.getDroppedAttributesCount(),
        s.getDroppedEventsCount(),
        s.getDroppedLinksCount());
  }

  private static Map<String, Object> attributes(List<KeyValue> kvs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      Object v = value(kv.getValue());
      if (v != null) {
        out.put(kv.getKey(), v);
      }
    }
    return out;
  }

  private static Object value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case ARRAY_VALUE:
        List<Object> items = new ArrayList<>();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          Object o = value(item);
          if (o != null && !(o instanceof List)) {
            items.add(o);
          }
        }
        return items;
      case BYTES_VALUE:
        return java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case KVLIST_VALUE:
        return v.getKvlistValue().toString();
      default:
        return null;
    }
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  // ---- JSON

  static List<SpanData> fromJson(byte[] body) throws BadPayload {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadPayload("not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new BadPayload("unreadable body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadPayload("an OTLP trace request must be a JSON object with \"resourceSpans\"");
    }
    List<SpanData> out = new ArrayList<>();
    for (JsonNode rs : array(root, "resourceSpans", "request")) {
      String service = UNKNOWN_SERVICE;
      JsonNode resource = rs.path("resource");
      for (JsonNode kv : array(resource, "attributes", "resource")) {
        if ("service.name".equals(kv.path("key").asText()) && kv.path("value").has("stringValue")) {
          service = kv.path("value").path("stringValue").asText();
        }
      }
      List<JsonNode> scopes = array(rs, "scopeSpans", "resourceSpans[]");
      for (JsonNode ss : scopes) {
        for (JsonNode s : array(ss, "spans", "scopeSpans[]")) {
          out.add(span(s, service));
        }
      }
    }
    return out;
  }

  private static SpanData span(JsonNode s, String service) throws BadPayload {
    if (!s.isObject()) {
      throw new BadPayload("each span must be a JSON object");
    }
    List<SpanEvent> events = new ArrayList<>();
    for (JsonNode e : array(s, "events", "span")) {
      events.add(
          new SpanEvent(
              e.path("name").asText(""),
              unsigned(e, "timeUnixNano"),
              jsonAttributes(e),
              e.path("droppedAttributesCount").asInt(0)));
    }
    List<SpanLink> links = new ArrayList<>();
    for (JsonNode l : array(s, "links", "span")) {
      links.add(
          new SpanLink(
              id(l, "traceId"),
              id(l, "spanId"),
              l.path("traceState").asText(""),
              jsonAttributes(l)));
    }
    JsonNode status = s.path("status");
    return new SpanData(
        id(s, "traceId"),
        id(s, "spanId"),
        id(s, "parentSpanId"),
        s.path("traceState").asText(""),
        service,
        s.path("name").asText(""),
        jsonKind(s.path("kind")),
        unsigned(s, "startTimeUnixNano"),
        unsigned(s, "endTimeUnixNano"),
        jsonAttributes(s),
        events,
        links,
        jsonStatus(status.path("code")),
        status.path("message").asText(""),
        s.path("droppedAttributesCount").asInt(0),
        s.path("droppedEventsCount").asInt(0),
        s.path("droppedLinksCount").asInt(0));
  }

  private static List<JsonNode> array(JsonNode parent, String field, String where)
      throws BadPayload {
    JsonNode n = parent.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new BadPayload("\"" + field + "\" in " + where + " must be an array");
    }
    List<JsonNode> out = new ArrayList<>(n.size());
    n.forEach(out::add);
    return out;
  }

  /** OTLP/JSON ids are hex (case-insensitive); the tracer wants lowercase. */
  private static String id(JsonNode parent, String field) {
    return parent.path(field).asText("").toLowerCase(Locale.ROOT);
  }

  /** A uint64 as OTLP/JSON writes it: a decimal string, or a number. */
  private static long unsigned(JsonNode parent, String field) throws BadPayload {
    JsonNode n = parent.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    try {
      return n.isNumber() ? n.asLong() : Long.parseUnsignedLong(n.asText());
    } catch (NumberFormatException e) {
      throw new BadPayload("\"" + field + "\" must be a whole number, but was " + n);
    }
  }

  private static Map<String, Object> jsonAttributes(JsonNode parent) throws BadPayload {
    Map<String, Object> out = new LinkedHashMap<>();
    for (JsonNode kv : array(parent, "attributes", "span")) {
      Object v = jsonValue(kv.path("value"));
      if (v != null && kv.hasNonNull("key")) {
        out.put(kv.path("key").asText(), v);
      }
    }
    return out;
  }

  private static Object jsonValue(JsonNode v) throws BadPayload {
    if (v.has("stringValue")) {
      return v.path("stringValue").asText();
    }
    if (v.has("boolValue")) {
      return v.path("boolValue").asBoolean();
    }
    if (v.has("intValue")) {
      JsonNode n = v.path("intValue");
      try {
        return n.isNumber() ? n.asLong() : Long.parseLong(n.asText());
      } catch (NumberFormatException e) {
        throw new BadPayload("intValue must be a whole number, but was " + n);
      }
    }
    if (v.has("doubleValue")) {
      JsonNode n = v.path("doubleValue");
      if (n.isNumber()) {
        return n.asDouble();
      }
      try {
        return Double.parseDouble(n.asText());
      } catch (NumberFormatException e) {
        throw new BadPayload("doubleValue must be a number, but was " + n);
      }
    }
    if (v.has("arrayValue")) {
      List<Object> items = new ArrayList<>();
      for (JsonNode item : array(v.path("arrayValue"), "values", "arrayValue")) {
        Object o = jsonValue(item);
        if (o != null && !(o instanceof List)) {
          items.add(o);
        }
      }
      return items;
    }
    if (v.has("bytesValue")) {
      return v.path("bytesValue").asText();
    }
    if (v.has("kvlistValue")) {
      return v.path("kvlistValue").toString();
    }
    return null;
  }

  private static SpanKind jsonKind(JsonNode n) {
    if (n.isNumber()) {
      return kind(n.asInt());
    }
    return switch (n.asText("")) {
      case "SPAN_KIND_SERVER" -> SpanKind.SERVER;
      case "SPAN_KIND_CLIENT" -> SpanKind.CLIENT;
      case "SPAN_KIND_PRODUCER" -> SpanKind.PRODUCER;
      case "SPAN_KIND_CONSUMER" -> SpanKind.CONSUMER;
      default -> SpanKind.INTERNAL;
    };
  }

  private static SpanStatus jsonStatus(JsonNode n) {
    if (n.isNumber()) {
      return status(n.asInt());
    }
    return switch (n.asText("")) {
      case "STATUS_CODE_OK" -> SpanStatus.OK;
      case "STATUS_CODE_ERROR" -> SpanStatus.ERROR;
      default -> SpanStatus.UNSET;
    };
  }

  /** OTLP's SpanKind numbers: 0 unspecified (read as internal), 1 internal, 2 server… */
  private static SpanKind kind(int value) {
    return switch (value) {
      case 2 -> SpanKind.SERVER;
      case 3 -> SpanKind.CLIENT;
      case 4 -> SpanKind.PRODUCER;
      case 5 -> SpanKind.CONSUMER;
      default -> SpanKind.INTERNAL;
    };
  }

  private static SpanStatus status(int code) {
    return switch (code) {
      case 1 -> SpanStatus.OK;
      case 2 -> SpanStatus.ERROR;
      default -> SpanStatus.UNSET;
    };
  }
}
