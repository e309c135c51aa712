package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real OpenTelemetry Java SDK sends spans to a node over OTLP/HTTP; the node serves them. */
class TracerOtlpIT {
  static final int MAX_BODY = 64 * 1024;
  static NodeFixture fx;

  @BeforeAll
  static void start() {
    fx =
        NodeFixture.start(
            "tracer",
            Map.of(
                "bounded.node.http.max-body", MAX_BODY,
                "bounded.tracer.max-traces", 100,
                "bounded.tracer.default-query-limit", 10));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @AfterEach
  void nodeKeepsServing() {
    assertThat(fx.get("/health").statusCode()).isEqualTo(200);
  }

  private static SdkTracerProvider provider(
      String service, io.opentelemetry.sdk.trace.SpanProcessor p) {
    return SdkTracerProvider.builder()
        .setResource(Resource.getDefault().toBuilder().put("service.name", service).build())
        .addSpanProcessor(p)
        .build();
  }

  /** A parent with a child carrying an attribute, an event and an error status. */
  private static String makeTrace(Tracer tracer) {
    Span parent = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      Span child =
          tracer
              .spanBuilder("SELECT cart")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("db.rows", 3L)
              .setAttribute("db.system", "h2")
              .startSpan();
      child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
      child.setStatus(StatusCode.ERROR, "deadlock");
      child.end();
    } finally {
      parent.end();
    }
    return parent.getSpanContext().getTraceId();
  }

  private static void assertStoredTrace(String traceId, String service) {
    HttpResponse<String> r = fx.get("/traces/" + traceId);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = NodeFixture.json(r);
    assertThat(body.path("traceId").asText()).isEqualTo(traceId);
    assertThat(body.path("spanCount").asInt()).isEqualTo(2);
    JsonNode parent = null;
    JsonNode child = null;
    for (JsonNode s : body.path("spans")) {
      if (s.path("name").asText().equals("GET /checkout")) {
        parent = s;
      } else {
        child = s;
      }
    }
    assertThat(parent).isNotNull();
    assertThat(child).isNotNull();
    assertThat(parent.path("service").asText()).isEqualTo(service);
    assertThat(parent.path("kind").asText()).isEqualTo("SERVER");
    assertThat(parent.path("parentSpanId").asText()).isEmpty();
    assertThat(child.path("parentSpanId").asText()).isEqualTo(parent.path("spanId").asText());
    assertThat(child.path("kind").asText()).isEqualTo("CLIENT");
    assertThat(child.path("attributes").path("db.rows").asLong()).isEqualTo(3);
    assertThat(child.path("attributes").path("db.system").asText()).isEqualTo("h2");
    assertThat(child.path("events").get(0).path("name").asText()).isEqualTo("retry");
    assertThat(child.path("events").get(0).path("attributes").path("attempt").asLong())
        .isEqualTo(2);
    assertThat(child.path("status").asText()).isEqualTo("ERROR");
    assertThat(child.path("statusMessage").asText()).isEqualTo("deadlock");
  }

  @Test
  void otelSdk_otlpHttpProtobufExporter_spansAreServedByTraceId() {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(fx.uri("/v1/traces").toString())
            .setTimeout(NodeFixture.TIMEOUT)
            .build();
    SdkTracerProvider provider = provider("checkout", BatchSpanProcessor.builder(exporter).build());
    try {
      String traceId = makeTrace(provider.get("it"));
      CompletableResultCode flushed = provider.forceFlush().join(20, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).isTrue();
      assertStoredTrace(traceId, "checkout");
      HttpResponse<String> list = fx.get("/traces?service=checkout&limit=5");
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(NodeFixture.json(list).path("traces").get(0).path("traceId").asText())
          .isEqualTo(traceId);
      assertThat(NodeFixture.json(list).path("traces").get(0).path("rootName").asText())
          .isEqualTo("GET /checkout");
    } finally {
      provider.shutdown().join(20, TimeUnit.SECONDS);
    }
  }

  /** Collects the SDK's finished spans, to send them as OTLP JSON made by the SDK's marshaler. */
  static final class Collecting implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Test
  void otelSdkSpans_asOtlpJson_areServedByTraceId() throws Exception {
    Collecting collecting = new Collecting();
    SdkTracerProvider provider = provider("billing", SimpleSpanProcessor.create(collecting));
    String traceId = makeTrace(provider.get("it"));
    provider.shutdown().join(20, TimeUnit.SECONDS);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(new ArrayList<>(collecting.spans)).writeJsonTo(json);
    HttpResponse<String> r = postJson(json.toString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(NodeFixture.json(r).has("partialSuccess")).isFalse();
    assertStoredTrace(traceId, "billing");
  }

  private static HttpResponse<String> postJson(String body) {
    return post("application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String contentType, byte[] body) {
    return fx.send(
        fx.request("/v1/traces")
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  @Test
  void ingest_jsonWithOneBadSpan_storesTheGoodOne_andReportsPartialSuccess() {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    String body =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
            + "{\"stringValue\":\"web\"}}]},\"scopeSpans\":[{\"spans\":["
            + "{\"traceId\":\""
            + trace
            + "\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"ok\",\"kind\":2,"
            + "\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"2000\"},"
            + "{\"traceId\":\"xyz\",\"spanId\":\"b7ad6b7169203332\",\"name\":\"bad\","
            + "\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"2000\"}]}]}]}";
    HttpResponse<String> r = postJson(body);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode partial = NodeFixture.json(r).path("partialSuccess");
    assertThat(partial.path("rejectedSpans").asInt()).isEqualTo(1);
    assertThat(partial.path("errorMessage").asText()).contains("trace id");
    HttpResponse<String> stored = fx.get("/traces/" + trace.toUpperCase());
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(NodeFixture.json(stored).path("spans").get(0).path("service").asText())
        .isEqualTo("web");
  }

  @Test
  void ingest_malformedPayloads_are400_otherMediaType415_oversized413() {
    HttpResponse<String> notJson = postJson("{\"resourceSpans\": [");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(NodeFixture.json(notJson).path("error").asText()).isEqualTo("bad OTLP payload");
    assertThat(postJson("[1,2]").statusCode()).isEqualTo(400);
    assertThat(postJson("{\"resourceSpans\": 5}").statusCode()).isEqualTo(400);
    assertThat(
            postJson(
                    "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":"
                        + "\"soon\"}]}]}]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(post("application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02}).statusCode())
        .isEqualTo(400);
    assertThat(post("text/plain", "hi".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(415);
    assertThat(post("application/json", new byte[MAX_BODY + 1]).statusCode()).isEqualTo(413);
  }

  @Test
  void getTrace_badIdIs400_unknownIs404_wrongMethodIs405() {
    assertThat(fx.get("/traces/not-hex").statusCode()).isEqualTo(400);
    assertThat(fx.get("/traces/" + "0".repeat(32)).statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = fx.get("/traces/" + "1".repeat(32));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(NodeFixture.json(unknown).path("error").asText()).isEqualTo("no such trace");
    assertThat(fx.delete("/traces/" + "1".repeat(32)).statusCode()).isEqualTo(405);
    assertThat(fx.get("/v1/traces").statusCode()).isEqualTo(405);
  }

  @Test
  void listTraces_badLimitsAre400() {
    assertThat(fx.get("/traces?limit=0").statusCode()).isEqualTo(400);
    assertThat(fx.get("/traces?limit=101").statusCode()).isEqualTo(400);
    assertThat(fx.get("/traces?limit=abc").statusCode()).isEqualTo(400);
    assertThat(fx.get("/traces?limit=1&limit=2").statusCode()).isEqualTo(400);
    assertThat(fx.get("/traces?service=").statusCode()).isEqualTo(400);
    assertThat(fx.get("/traces").statusCode()).isEqualTo(200);
  }

  @Test
  void stats_includeTheTracer() {
    JsonNode tracer = NodeFixture.json(fx.get("/stats")).path("tracer");
    assertThat(tracer.path("name").asText()).isEqualTo("tracer");
    assertThat(tracer.path("capacity").asLong()).isEqualTo(10_000);
    assertThat(tracer.path("gauges").has("stored-traces")).isTrue();
  }
}
