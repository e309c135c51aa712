package io.bounded.app;

import io.bounded.actors.tracer.SpanJson;
import io.bounded.actors.tracer.TracerClient;
import io.bounded.actors.tracer.TracerRequests;
import io.bounded.config.TracerSettings;
import io.bounded.protocols.tracer.TracerProtocol.Ingested;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.TraceSummary;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;

/**
 * The tracer over HTTP.
 *
 * <ul>
 *   <li>{@code POST /v1/traces}: OTLP/HTTP ingestion, body an {@code ExportTraceServiceRequest} as
 *       {@code application/json} or {@code application/x-protobuf} (optionally gzip-encoded) → 200
 *       with an {@code ExportTraceServiceResponse} in the same encoding ({@code partialSuccess}
 *       names refused spans); not OTLP → 400; another content type → 415; a body over {@code
 *       bounded.node.http.max-body} (after decompression) → 413.
 *   <li>{@code GET /traces/{traceId}} → 200 {@code {"traceId", "spanCount", "spans": [...]}}, or
 *       404 when unknown or expired; an id that is not 32 hex digits → 400.
 *   <li>{@code GET /traces?service=&limit=} → 200 {@code {"traces": [...]}}, most recently updated
 *       first; {@code limit} 1..{@code bounded.tracer.max-traces}, default {@code
 *       bounded.tracer.default-query-limit}.
 * </ul>
 */
final class TracerRoutes extends RouteSupport {
  static final ContentType.Binary PROTOBUF =
      ContentTypes.create(MediaTypes.applicationBinary("x-protobuf", false));
  private static final Pattern LIMIT = Pattern.compile("[0-9]{1,9}");

  private final TracerClient tracer;
  private final TracerSettings settings;
  private final long maxBody;
  private final Duration bodyTimeout;

  TracerRoutes(TracerClient tracer, TracerSettings settings, long maxBody, Duration bodyTimeout) {
    this.tracer = tracer;
    this.settings = settings;
    this.maxBody = maxBody;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  Route route() {
    return concat(
        path(
            PathMatchers.segment("v1").slash("traces"),
            () -> resource(HttpMethods.POST, () -> decodeRequest(this::ingest))),
        pathPrefix(
            "traces",
            () ->
                concat(
                    pathEnd(() -> resource(HttpMethods.GET, () -> extractRequest(this::list))),
                    path(
                        PathMatchers.segment(),
                        id -> resource(HttpMethods.GET, () -> trace(id))))));
  }

  // ---- POST /v1/traces

  private Route ingest() {
    return extractMaterializer(mat -> extractRequestEntity(entity -> ingest(entity, mat)));
  }

  private Route ingest(RequestEntity entity, Materializer mat) {
    String media = entity.getContentType().mediaType().toString().toLowerCase(Locale.ROOT);
    boolean json = media.equals("application/json");
    boolean protobuf = media.equals("application/x-protobuf");
    if (!json && !protobuf) {
      return complete(
          Json.error(
              StatusCodes.UNSUPPORTED_MEDIA_TYPE,
              "unsupported media type",
              "OTLP/HTTP bodies must be application/json or application/x-protobuf, but was "
                  + media));
    }
    OptionalLong declared = entity.getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > maxBody) {
      return complete(ErrorHandling.bodyTooLarge(maxBody));
    }
    CompletableFuture<HttpResponse> answer =
        entity
            // withSizeLimit fails the stream with EntityStreamSizeException past the limit
            .withSizeLimit(maxBody)
            .toStrict(bodyTimeout.toMillis(), mat)
            .thenCompose(
                strict -> {
                  byte[] body = strict.getData().toArray();
                  List<SpanData> spans;
                  try {
                    spans = json ? OtlpDecoder.fromJson(body) : OtlpDecoder.fromProtobuf(body);
                  } catch (OtlpDecoder.BadPayload e) {
                    return CompletableFuture.completedFuture(
                        Json.error(StatusCodes.BAD_REQUEST, "bad OTLP payload", e.getMessage()));
                  }
                  return tracer
                      .ingest(spans)
                      .thenApply(r -> json ? jsonAnswer(r) : protobufAnswer(r));
                })
            .toCompletableFuture()
            .exceptionally(
                error -> {
                  if (ErrorHandling.unwrap(error) instanceof EntityStreamSizeException) {
                    return ErrorHandling.bodyTooLarge(maxBody);
                  }
                  Throwable e = ErrorHandling.unwrap(error);
                  throw e instanceof RuntimeException r ? r : new CompletionException(e);
                });
    return completeWithFuture(answer);
  }

  private static HttpResponse jsonAnswer(Ingested r) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (r.rejected() > 0) {
      Map<String, Object> partial = new LinkedHashMap<>();
      partial.put("rejectedSpans", r.rejected());
      partial.put("errorMessage", r.firstProblem());
      body.put("partialSuccess", partial);
    }
    return Json.response(StatusCodes.OK, body);
  }

  private static HttpResponse protobufAnswer(Ingested r) {
    ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
    if (r.rejected() > 0) {
      b.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(r.rejected())
              .setErrorMessage(r.firstProblem()));
    }
    return HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(HttpEntities.create(PROTOBUF, b.build().toByteArray()));
  }

  // ---- GET /traces/{traceId}

  private Route trace(String rawId) {
    String id = rawId.toLowerCase(Locale.ROOT);
    String problem = TracerRequests.traceIdProblem(id);
    if (problem != null) {
      return complete(Json.error(StatusCodes.BAD_REQUEST, "bad trace id", problem));
    }
    return completeWithFuture(
        tracer
            .getTrace(id)
            .thenApply(
                found ->
                    found
                        .map(spans -> traceAnswer(id, spans))
                        .orElseGet(
                            () ->
                                Json.error(
                                    StatusCodes.NOT_FOUND,
                                    "no such trace",
                                    "no stored trace "
                                        + id
                                        + " (unknown, or older than bounded.tracer.retention, or"
                                        + " evicted by a bound)"))));
  }

  private static HttpResponse traceAnswer(String traceId, List<SpanData> spans) {
    StringBuilder b = new StringBuilder(256 + spans.size() * 512);
    b.append("{\"traceId\":\"").append(traceId).append("\",\"spanCount\":").append(spans.size());
    b.append(",\"spans\":[");
    for (int i = 0; i < spans.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      SpanJson.flat(spans.get(i), b);
    }
    b.append("]}");
    return HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(
            HttpEntities.create(
                ContentTypes.APPLICATION_JSON, b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  // ---- GET /traces

  private Route list(HttpRequest request) {
    List<String> limits = request.getUri().query().getAll("limit");
    List<String> services = request.getUri().query().getAll("service");
    int limit = settings.defaultQueryLimit();
    String problem = null;
    if (limits.size() > 1 || services.size() > 1) {
      problem = "limit and service may each be given at most once";
    } else if (limits.size() == 1) {
      String raw = limits.get(0);
      if (!LIMIT.matcher(raw).matches()) {
        problem = "limit must be a whole number, but was \"" + cut(raw) + "\"";
      } else {
        limit = Integer.parseInt(raw);
        problem = TracerRequests.limitProblem(settings, limit);
      }
    }
    String service = services.isEmpty() ? null : services.get(0);
    if (problem == null && service != null) {
      problem = TracerRequests.nameProblem(settings, "service", service);
    }
    if (problem != null) {
      return complete(Json.error(StatusCodes.BAD_REQUEST, "bad query", problem));
    }
    return completeWithFuture(
        tracer
            .findTraces(service, limit)
            .thenApply(
                traces -> {
                  List<Map<String, Object>> out = new ArrayList<>(traces.size());
                  for (TraceSummary t : traces) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("traceId", t.traceId());
                    m.put("rootName", t.rootName());
                    m.put("service", t.service());
                    m.put("spanCount", t.spanCount());
                    m.put("errorCount", t.errorCount());
                    m.put("startTimeUnixNano", t.startEpochNanos());
                    m.put("durationMicros", (t.endEpochNanos() - t.startEpochNanos()) / 1000);
                    out.add(m);
                  }
                  return Json.response(StatusCodes.OK, Map.of("traces", out));
                }));
  }

  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
