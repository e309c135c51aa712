package io.bounded.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bounded.actors.eventbus.EventBusClient;
import io.bounded.actors.eventbus.EventBusRequests;
import io.bounded.actors.support.RejectedException;
import io.bounded.config.EventBusSettings;
import io.bounded.protocols.eventbus.EventBusProtocol.Batch;
import io.bounded.protocols.eventbus.EventBusProtocol.Event;
import io.bounded.protocols.eventbus.EventBusProtocol.OverflowPolicy;
import io.bounded.protocols.eventbus.EventBusProtocol.Page;
import io.bounded.protocols.eventbus.EventBusProtocol.SubscriptionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The event bus over HTTP. A topic is one path segment.
 *
 * <ul>
 *   <li>{@code POST /events/{topic}}, body = one JSON value (one event) or a JSON array (one event
 *       per element, all or nothing) → 202 {@code {"topic", "offsets": [..]}};
 *   <li>{@code GET /events/{topic}?from=OFFSET&limit=N&since=INSTANT} → 200 {@code {"topic",
 *       "earliest", "next", "events": [{"offset", "timestamp", "payload"}]}}; {@code from} defaults
 *       to 0 (the earliest held), {@code limit} to {@code bounded.event-bus.max-page};
 *   <li>{@code GET /events/{topic}/stream?from=OFFSET&policy=drop-oldest} → Server-Sent Events,
 *       live: each event is {@code id: <offset>} and {@code data: <payload>}; drops of the
 *       subscription are reported as comments {@code : dropped N}; a {@code Last-Event-ID} header
 *       resumes after that offset; a comment is written every {@code sse-keep-alive} so that a
 *       client that went away is noticed and its subscription freed;
 *   <li>{@code GET /events/{topic}/subscriptions} → 200 with each subscription's buffer, drops and
 *       lag.
 * </ul>
 *
 * <p>Bad input is 400 (topic name, query parameters, not JSON, empty array, a batch over {@code
 * max-events}) or 413 (a body over {@code bounded.node.http.max-body}, a payload over {@code
 * max-payload-bytes}); nothing is stored. A publish refused by a {@code backpressure} subscriber, a
 * subscribe past {@code max-subscriptions} and a full inbox are 503 with {@code Retry-After}.
 */
final class EventRoutes extends RouteSupport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern WHOLE = Pattern.compile("[0-9]{1,18}");
  private static final ByteString KEEP_ALIVE = ByteString.fromString(": keep-alive\n\n");

  private final EventBusClient bus;
  private final EventBusSettings settings;
  private final long maxBody;
  private final Duration bodyTimeout;

  EventRoutes(EventBusClient bus, EventBusSettings settings, long maxBody, Duration bodyTimeout) {
    this.bus = bus;
    this.settings = settings;
    this.maxBody = maxBody;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  Route route() {
    return pathPrefix(
        "events",
        () ->
            concat(
                path(
                    PathMatchers.segment(),
                    topic ->
                        resource(
                            methods(
                                HttpMethods.GET,
                                () -> validTopic(topic, () -> read(topic)),
                                HttpMethods.POST,
                                () -> validTopic(topic, () -> publish(topic))))),
                path(
                    PathMatchers.segment().slash("stream"),
                    topic ->
                        resource(HttpMethods.GET, () -> validTopic(topic, () -> stream(topic)))),
                path(
                    PathMatchers.segment().slash("subscriptions"),
                    topic ->
                        resource(
                            HttpMethods.GET,
                            () -> validTopic(topic, () -> subscriptions(topic))))));
  }

  private Route validTopic(String topic, java.util.function.Supplier<Route> inner) {
    String problem = EventBusRequests.topicProblem(settings, topic);
    return problem == null
        ? inner.get()
        : complete(Json.error(StatusCodes.BAD_REQUEST, "bad topic", problem));
  }

  // ---- publish

  private Route publish(String topic) {
    return extractMaterializer(mat -> extractRequestEntity(entity -> store(topic, entity, mat)));
  }

  private Route store(String topic, RequestEntity entity, Materializer mat) {
    OptionalLong declared = entity.getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > maxBody) {
      return complete(ErrorHandling.bodyTooLarge(maxBody));
    }
    CompletionStage<HttpResponse> done =
        entity
            // withSizeLimit fails the stream with EntityStreamSizeException past the limit
            .withSizeLimit(maxBody)
            .toStrict(bodyTimeout.toMillis(), mat)
            .thenCompose(
                strict -> {
                  Parsed parsed = parse(strict.getData());
                  if (parsed.error() != null) {
                    return java.util.concurrent.CompletableFuture.completedFuture(parsed.error());
                  }
                  return bus.publish(topic, parsed.payloads())
                      .thenApply(
                          offsets -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("topic", topic);
                            body.put("offsets", offsets);
                            return Json.response(StatusCodes.ACCEPTED, body);
                          });
                })
            .handle(
                (response, error) -> {
                  if (error == null) {
                    return response;
                  }
                  Throwable e = ErrorHandling.unwrap(error);
                  if (e instanceof EntityStreamSizeException) {
                    return ErrorHandling.bodyTooLarge(maxBody);
                  }
                  return failure(e);
                });
    return completeWithFuture(done);
  }

  /** The payloads of a publish body, or the 4xx answer it deserves. */
  record Parsed(List<ByteString> payloads, HttpResponse error) {}

  Parsed parse(ByteString body) {
    JsonNode node;
    try {
      node = body.isEmpty() ? null : MAPPER.readTree(body.toArray());
    } catch (IOException e) {
      node = null;
    }
    if (node == null || node.isMissingNode()) {
      return new Parsed(
          null,
          Json.error(
              StatusCodes.BAD_REQUEST,
              "bad body",
              "the body must be one JSON value (one event) or a JSON array (a batch)"));
    }
    List<ByteString> payloads = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode element : node) {
        try {
          payloads.add(ByteString.fromArray(MAPPER.writeValueAsBytes(element)));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("cannot render JSON", e);
        }
      }
    } else {
      payloads.add(body);
    }
    String problem = EventBusRequests.batchProblem(settings, payloads.size());
    if (problem != null) {
      return new Parsed(null, Json.error(StatusCodes.BAD_REQUEST, "bad batch", problem));
    }
    for (ByteString p : payloads) {
      problem = EventBusRequests.payloadProblem(settings, p.size());
      if (problem != null) {
        return new Parsed(
            null, Json.error(StatusCodes.CONTENT_TOO_LARGE, "payload too large", problem));
      }
    }
    return new Parsed(payloads, null);
  }

  // ---- read

  private Route read(String topic) {
    return extractRequest(
        request -> {
          Params p = params(request, true);
          if (p.problem() != null) {
            return complete(Json.error(StatusCodes.BAD_REQUEST, "bad query", p.problem()));
          }
          return completeWithFuture(
              bus.read(topic, p.from() == null ? 0 : p.from(), p.since(), p.limit())
                  .handle(
                      (page, error) ->
                          error == null
                              ? Json.response(StatusCodes.OK, page(page))
                              : failure(ErrorHandling.unwrap(error))));
        });
  }

  private static Map<String, Object> page(Page page) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", page.topic());
    body.put("earliest", page.earliest());
    body.put("next", page.next());
    List<Map<String, Object>> events = new ArrayList<>(page.events().size());
    for (Event e : page.events()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("offset", e.offset());
      m.put("timestamp", e.timestamp().toString());
      m.put("payload", payload(e.payload()));
      events.add(m);
    }
    body.put("events", events);
    return body;
  }

  /** A payload as JSON when it is JSON (events published over HTTP), else as a UTF-8 string. */
  private static Object payload(ByteString bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes.toArray());
      if (node != null && !node.isMissingNode()) {
        return node;
      }
    } catch (IOException notJson) {
      // embedded publishers may store any bytes
    }
    return bytes.utf8String();
  }

  // ---- stream

  private Route stream(String topic) {
    return extractRequest(
        request -> {
          Params p = params(request, false);
          if (p.problem() != null) {
            return complete(Json.error(StatusCodes.BAD_REQUEST, "bad query", p.problem()));
          }
          Long from = p.from();
          Optional<String> lastId = request.getHeader("Last-Event-ID").map(h -> h.value().trim());
          if (lastId.isPresent() && p.from() == null) {
            if (!WHOLE.matcher(lastId.get()).matches()) {
              return complete(
                  Json.error(
                      StatusCodes.BAD_REQUEST,
                      "bad header",
                      "Last-Event-ID must be an event offset (a whole number >= 0)"));
            }
            from = Long.parseLong(lastId.get()) + 1;
          }
          return completeWithFuture(
              bus.subscribeStream(topic, from, p.policy())
                  .handle(
                      (sub, error) -> {
                        if (error != null) {
                          return failure(ErrorHandling.unwrap(error));
                        }
                        String opening =
                            ": subscription "
                                + sub.subscriptionId()
                                + " of "
                                + topic
                                + " from offset "
                                + sub.startOffset()
                                + "\n\n";
                        Source<ByteString, NotUsed> events =
                            JavaFlowSupport.Source.fromPublisher(sub.batches())
                                .statefulMapConcat(EventRoutes::sseRenderer)
                                .prepend(Source.single(ByteString.fromString(opening)))
                                .keepAlive(settings.sseKeepAlive(), () -> KEEP_ALIVE);
                        return HttpResponse.create()
                            .addHeader(CacheControl.create(CacheDirectives.NO_CACHE))
                            .withEntity(
                                HttpEntities.create(
                                    ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), events));
                      }));
        });
  }

  /** Renders batches as SSE frames, with a comment whenever the subscription's drops grew. */
  static org.apache.pekko.japi.function.Function<Batch, Iterable<ByteString>> sseRenderer() {
    long[] reported = {0};
    return batch -> {
      List<ByteString> out = new ArrayList<>(batch.events().size() + 1);
      if (batch.drops() > reported[0]) {
        out.add(
            ByteString.fromString(
                ": dropped "
                    + (batch.drops() - reported[0])
                    + " (total "
                    + batch.drops()
                    + ") because this client read too slowly\n\n"));
        reported[0] = batch.drops();
      }
      for (Event e : batch.events()) {
        StringBuilder sb = new StringBuilder(e.payload().size() + 32);
        sb.append("id: ").append(e.offset()).append('\n');
        for (String line : e.payload().utf8String().split("\r\n|\r|\n", -1)) {
          sb.append("data: ").append(line).append('\n');
        }
        sb.append('\n');
        out.add(ByteString.fromString(sb.toString(), StandardCharsets.UTF_8));
      }
      return out;
    };
  }

  // ---- subscriptions

  private Route subscriptions(String topic) {
    return completeWithFuture(
        bus.subscriptions(topic)
            .handle(
                (list, error) -> {
                  if (error != null) {
                    return failure(ErrorHandling.unwrap(error));
                  }
                  List<Map<String, Object>> out = new ArrayList<>();
                  for (SubscriptionInfo s : list) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", s.id());
                    m.put("policy", s.policy().configName());
                    m.put("stream", s.stream());
                    m.put("buffered", s.buffered());
                    m.put("delivered", s.delivered());
                    m.put("drops", s.drops());
                    m.put("lag", s.lag());
                    out.add(m);
                  }
                  Map<String, Object> body = new LinkedHashMap<>();
                  body.put("topic", topic);
                  body.put("subscriptions", out);
                  return Json.response(StatusCodes.OK, body);
                }));
  }

  // ---- query parameters

  /** The query of a read or a stream; {@code problem} names the first bad parameter. */
  record Params(Long from, Instant since, int limit, OverflowPolicy policy, String problem) {
    static Params bad(String problem) {
      return new Params(null, null, 0, null, problem);
    }
  }

  Params params(HttpRequest request, boolean read) {
    var query = request.getUri().query();
    Long from = null;
    Optional<String> raw = single(query.getAll("from"), "from");
    if (raw == null) {
      return Params.bad("from must be given at most once");
    }
    if (raw.isPresent()) {
      if (!WHOLE.matcher(raw.get()).matches()) {
        return Params.bad(
            "from must be an offset (a whole number >= 0), but was \"" + cut(raw.get()) + "\"");
      }
      from = Long.parseLong(raw.get());
    }
    int limit = settings.maxPage();
    Instant since = null;
    OverflowPolicy policy = OverflowPolicy.DROP_OLDEST;
    if (read) {
      Optional<String> l = single(query.getAll("limit"), "limit");
      if (l == null) {
        return Params.bad("limit must be given at most once");
      }
      if (l.isPresent()) {
        String problem =
            WHOLE.matcher(l.get()).matches()
                ? EventBusRequests.limitProblem(settings, Long.parseLong(l.get()))
                : "limit must be a whole number, but was \"" + cut(l.get()) + "\"";
        if (problem != null) {
          return Params.bad(problem);
        }
        limit = Integer.parseInt(l.get());
      }
      Optional<String> s = single(query.getAll("since"), "since");
      if (s == null) {
        return Params.bad("since must be given at most once");
      }
      if (s.isPresent()) {
        try {
          since = Instant.parse(s.get());
        } catch (DateTimeParseException e) {
          return Params.bad(
              "since must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, but was \""
                  + cut(s.get())
                  + "\"");
        }
      }
    } else {
      Optional<String> pol = single(query.getAll("policy"), "policy");
      if (pol == null) {
        return Params.bad("policy must be given at most once");
      }
      if (pol.isPresent()) {
        policy = OverflowPolicy.fromName(pol.get());
        if (policy == null) {
          return Params.bad(
              "policy must be one of drop-oldest, drop-newest, backpressure, fail, but was \""
                  + cut(pol.get())
                  + "\"");
        }
      }
    }
    return new Params(from, since, limit, policy, null);
  }

  /** The one value given, empty when none, {@code null} when given more than once. */
  private static Optional<String> single(List<String> values, String name) {
    if (values.size() > 1) {
      return null;
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  /**
   * A refusal that reaches the route is never bad input (the route checked it): a backpressure
   * subscriber, the subscription bound or a full inbox, each transient, so 503 with Retry-After.
   */
  private static HttpResponse failure(Throwable e) {
    if (e instanceof RejectedException r) {
      String reason = r.getMessage();
      if (reason.contains("retry later") || reason.contains("inbox is full")) {
        return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "busy", reason, RetryAfter.create(1L));
      }
      return ErrorHandling.rejected(r);
    }
    if (e instanceof RuntimeException re) {
      throw re;
    }
    throw new java.util.concurrent.CompletionException(e);
  }
}
