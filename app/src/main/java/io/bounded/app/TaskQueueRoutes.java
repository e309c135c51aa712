package io.bounded.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.bounded.actors.taskqueue.TaskQueueClient;
import io.bounded.actors.taskqueue.TaskQueueRequests;
import io.bounded.config.TaskQueueSettings;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Acked;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.BackoffType;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Conflict;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.ControlReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Enqueued;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Extended;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.FailRecorded;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Leased;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.QueueFull;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Rejected;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Requeued;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.SettleReply;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Task;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskInfo;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskList;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskSpec;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TypeCounts;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.Types;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.UnknownTask;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The task queue over HTTP: producers enqueue, pull workers in any language lease, ack, fail and
 * extend, operators inspect and retry. Bodies are JSON objects; durations are seconds (fractions
 * allowed, millisecond precision); instants are ISO-8601.
 *
 * <ul>
 *   <li>{@code POST /tasks} {@code {"type", "payload", "priority", "delaySeconds" | "runAt",
 *       "maxAttempts", "backoff": {"type", "baseSeconds", "capSeconds", "jitter"},
 *       "timeoutSeconds", "idempotencyKey"}} → 201 {@code {"id", "duplicate": false}}, or 200 with
 *       the first task's id and {@code "duplicate": true}; 429 with {@code Retry-After} when full;
 *   <li>{@code POST /tasks/lease} {@code {"type", "max", "leaseSeconds"}} → 200 {@code {"tasks":
 *       [...]}}, each with its {@code lease} token;
 *   <li>{@code POST /tasks/{id}/ack} {@code {"lease"}}, {@code /fail} {@code {"lease", "error",
 *       "retry"}}, {@code /extend} {@code {"lease", "leaseSeconds"}} → 200; 409 when the lease is
 *       not current;
 *   <li>{@code POST /tasks/{id}/retry} → 200 (dead or failed tasks only, else 409);
 *   <li>{@code GET /tasks/{id}}; {@code GET /tasks?state=dead&limit=N}; {@code GET /tasks/types};
 *       {@code POST /tasks/types/{type}/pause|resume}.
 * </ul>
 *
 * <p>Bad input (not JSON, a field of the wrong type, a rule the queue refuses) is 400 and changes
 * nothing; an unknown id is 404; a full inbox is 503 with {@code Retry-After}.
 */
final class TaskQueueRoutes extends RouteSupport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int DEFAULT_LIST_LIMIT = 100;

  private final TaskQueueClient queue;
  private final TaskQueueSettings settings;

  TaskQueueRoutes(TaskQueueClient queue, TaskQueueSettings settings) {
    this.queue = queue;
    this.settings = settings;
  }

  @Override
  Route route() {
    return pathPrefix(
        "tasks",
        () ->
            concat(
                pathEnd(
                    () ->
                        resource(
                            methods(HttpMethods.POST, this::enqueue, HttpMethods.GET, this::list))),
                path("lease", () -> resource(HttpMethods.POST, this::lease)),
                path("types", () -> resource(HttpMethods.GET, this::types)),
                path(
                    PathMatchers.segment("types").slash(PathMatchers.segment()).slash("pause"),
                    type -> resource(HttpMethods.POST, () -> control(queue.pause(type)))),
                path(
                    PathMatchers.segment("types").slash(PathMatchers.segment()).slash("resume"),
                    type -> resource(HttpMethods.POST, () -> control(queue.resume(type)))),
                path(
                    PathMatchers.segment().slash("ack"),
                    id -> resource(HttpMethods.POST, () -> ack(id))),
                path(
                    PathMatchers.segment().slash("fail"),
                    id -> resource(HttpMethods.POST, () -> fail(id))),
                path(
                    PathMatchers.segment().slash("extend"),
                    id -> resource(HttpMethods.POST, () -> extend(id))),
                path(
                    PathMatchers.segment().slash("retry"),
                    id -> resource(HttpMethods.POST, () -> settle(queue.retry(id)))),
                path(PathMatchers.segment(), id -> resource(HttpMethods.GET, () -> get(id)))));
  }

  // ---- producers

  private Route enqueue() {
    return body(
        json -> {
          TaskSpec spec = spec(json);
          return completeWithFuture(
              queue
                  .enqueue(spec)
                  .thenApply(
                      reply -> {
                        if (reply instanceof Enqueued e) {
                          Map<String, Object> m = new LinkedHashMap<>();
                          m.put("id", e.id());
                          m.put("duplicate", e.duplicate());
                          return Json.response(
                              e.duplicate() ? StatusCodes.OK : StatusCodes.CREATED, m);
                        }
                        if (reply instanceof QueueFull full) {
                          return Json.error(
                              StatusCodes.TOO_MANY_REQUESTS,
                              "queue full",
                              full.reason(),
                              RetryAfter.create(1L));
                        }
                        return rejected((Rejected) reply);
                      }));
        });
  }

  private TaskSpec spec(JsonNode json) {
    String type = text(json, "type", true);
    JsonNode payloadNode = json.get("payload");
    String payload =
        payloadNode == null || payloadNode.isNull()
            ? "null"
            : payloadNode.isTextual() ? payloadNode.asText() : payloadNode.toString();
    Integer priority = integer(json, "priority");
    Integer maxAttempts = integer(json, "maxAttempts");
    Duration delay = seconds(json, "delaySeconds");
    Instant runAt = instant(json, "runAt");
    Duration timeout = seconds(json, "timeoutSeconds");
    String key = text(json, "idempotencyKey", false);
    Backoff backoff = null;
    JsonNode b = json.get("backoff");
    if (b != null && !b.isNull()) {
      if (!b.isObject()) {
        throw new BadField("backoff must be an object");
      }
      String typeName = text(b, "type", true);
      BackoffType bt = TaskQueueRequests.backoffType(typeName);
      if (bt == null) {
        throw new BadField(
            "backoff.type must be \"fixed\" or \"exponential\", but was " + q(typeName));
      }
      Duration base = seconds(b, "baseSeconds");
      Duration cap = seconds(b, "capSeconds");
      JsonNode jitter = b.get("jitter");
      if (base == null || cap == null) {
        throw new BadField("backoff needs baseSeconds and capSeconds");
      }
      if (jitter != null && !jitter.isNumber()) {
        throw new BadField("backoff.jitter must be a number");
      }
      backoff = new Backoff(bt, base, cap, jitter == null ? 0.0 : jitter.asDouble());
    }
    return new TaskSpec(
        type,
        payload,
        priority == null ? 0 : priority,
        delay,
        runAt,
        maxAttempts,
        backoff,
        timeout,
        key);
  }

  // ---- pull workers

  private Route lease() {
    return body(
        json -> {
          String type = text(json, "type", true);
          Integer max = integer(json, "max");
          Duration lease = seconds(json, "leaseSeconds");
          return completeWithFuture(
              queue
                  .lease(type, max == null ? 1 : max, lease)
                  .thenApply(
                      reply -> {
                        if (reply instanceof Leased leased) {
                          List<Map<String, Object>> tasks = new ArrayList<>();
                          leased.tasks().forEach(t -> tasks.add(task(t)));
                          return Json.response(StatusCodes.OK, Map.of("tasks", tasks));
                        }
                        return rejected((Rejected) reply);
                      }));
        });
  }

  private Route ack(String id) {
    return body(json -> settle(queue.ack(id, text(json, "lease", true))));
  }

  private Route fail(String id) {
    return body(
        json -> {
          String lease = text(json, "lease", true);
          String error = text(json, "error", false);
          JsonNode retry = json.get("retry");
          if (retry != null && !retry.isBoolean()) {
            throw new BadField("retry must be true or false");
          }
          return settle(
              queue.fail(
                  id,
                  lease,
                  TaskQueueRequests.cutError(settings, error == null ? "failed" : error),
                  retry == null || retry.asBoolean()));
        });
  }

  private Route extend(String id) {
    return body(
        json -> settle(queue.extend(id, text(json, "lease", true), seconds(json, "leaseSeconds"))));
  }

  private Route settle(CompletionStage<SettleReply> stage) {
    return completeWithFuture(
        stage.thenApply(
            reply -> {
              Map<String, Object> m = new LinkedHashMap<>();
              if (reply instanceof Acked a) {
                m.put("id", a.id());
                m.put("state", TaskState.SUCCEEDED.key());
              } else if (reply instanceof FailRecorded f) {
                m.put("id", f.id());
                m.put("state", f.state().key());
                m.put("retryAt", f.retryAt() == null ? null : f.retryAt().toString());
              } else if (reply instanceof Extended e) {
                m.put("id", e.id());
                m.put("leaseExpiresAt", e.leaseExpiresAt().toString());
              } else if (reply instanceof Requeued r) {
                m.put("id", r.id());
                m.put("state", TaskState.PENDING.key());
              } else if (reply instanceof UnknownTask u) {
                return unknown(u.id());
              } else if (reply instanceof Conflict c) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "conflict");
                body.put("detail", c.reason());
                body.put("state", c.state() == null ? null : c.state().key());
                return Json.response(StatusCodes.CONFLICT, body);
              } else {
                return rejected((Rejected) reply);
              }
              return Json.response(StatusCodes.OK, m);
            }));
  }

  // ---- operators

  private Route get(String id) {
    return completeWithFuture(
        queue
            .get(id)
            .thenApply(
                reply -> {
                  if (reply instanceof TaskInfo info) {
                    return Json.response(StatusCodes.OK, info(info));
                  }
                  if (reply instanceof UnknownTask u) {
                    return unknown(u.id());
                  }
                  return rejected((Rejected) reply);
                }));
  }

  private Route list() {
    return extractRequest(
        request -> {
          String stateName = single(request, "state");
          if (stateName == null) {
            return complete(
                Json.error(
                    StatusCodes.BAD_REQUEST,
                    "bad request",
                    "give state=pending|delayed|running|succeeded|failed|dead (once)"));
          }
          TaskState state = TaskState.fromKey(stateName);
          if (state == null) {
            return complete(
                Json.error(
                    StatusCodes.BAD_REQUEST,
                    "bad request",
                    "state must be one of pending, delayed, running, succeeded, failed, dead, but"
                        + " was "
                        + q(stateName)));
          }
          String limitText = single(request, "limit");
          int limit = Math.min(DEFAULT_LIST_LIMIT, settings.maxBatch());
          if (limitText != null) {
            if (!limitText.matches("-?[0-9]{1,9}")) {
              return complete(
                  Json.error(
                      StatusCodes.BAD_REQUEST,
                      "bad request",
                      "limit must be a whole number, but was " + q(limitText)));
            }
            limit = Integer.parseInt(limitText);
          }
          return completeWithFuture(
              queue
                  .list(state, limit)
                  .thenApply(
                      reply -> {
                        if (reply instanceof TaskList list) {
                          List<Map<String, Object>> tasks = new ArrayList<>();
                          list.tasks().forEach(t -> tasks.add(info(t)));
                          Map<String, Object> m = new LinkedHashMap<>();
                          m.put("state", list.state().key());
                          m.put("tasks", tasks);
                          return Json.response(StatusCodes.OK, m);
                        }
                        return rejected((Rejected) reply);
                      }));
        });
  }

  private Route types() {
    return completeWithFuture(
        queue
            .types()
            .thenApply(
                reply -> {
                  if (reply instanceof Types types) {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (TypeCounts c : types.types()) {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("type", c.type());
                      m.put("pending", c.pending());
                      m.put("delayed", c.delayed());
                      m.put("running", c.running());
                      m.put("concurrency", c.concurrency());
                      m.put("inFlight", c.inFlight());
                      m.put("paused", c.paused());
                      out.add(m);
                    }
                    return Json.response(StatusCodes.OK, Map.of("types", out));
                  }
                  return rejected((Rejected) reply);
                }));
  }

  private Route control(CompletionStage<ControlReply> stage) {
    return completeWithFuture(
        stage.thenApply(
            reply ->
                reply instanceof Rejected r
                    ? rejected(r)
                    : Json.response(
                        StatusCodes.OK,
                        Map.of(
                            "status",
                            reply.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)))));
  }

  // ---- JSON in

  /** A field that has the wrong JSON type: answered 400 by {@link #body}. */
  private static final class BadField extends RuntimeException {
    BadField(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads the body as one JSON object and hands it to {@code inner}; anything else is 400. */
  private Route body(Function<JsonNode, Route> inner) {
    return entity(
        Unmarshaller.entityToString(),
        text -> {
          JsonNode json;
          try {
            json = text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
          } catch (JsonProcessingException e) {
            return complete(
                Json.error(
                    StatusCodes.BAD_REQUEST,
                    "bad json",
                    "the body is not valid JSON: " + e.getOriginalMessage()));
          } catch (IOException e) {
            return complete(Json.error(StatusCodes.BAD_REQUEST, "bad json", e.getMessage()));
          }
          if (json == null || json.getNodeType() != JsonNodeType.OBJECT) {
            return complete(
                Json.error(StatusCodes.BAD_REQUEST, "bad json", "the body must be a JSON object"));
          }
          try {
            return inner.apply(json);
          } catch (BadField e) {
            return complete(Json.error(StatusCodes.BAD_REQUEST, "bad request", e.getMessage()));
          }
        });
  }

  private static String text(JsonNode json, String field, boolean required) {
    JsonNode n = json.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new BadField(field + " is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new BadField(field + " must be a string, but was " + cut(n.toString()));
    }
    return n.asText();
  }

  private static Integer integer(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new BadField(field + " must be a whole number, but was " + cut(n.toString()));
    }
    return n.asInt();
  }

  /** A number of seconds as a duration (millisecond precision); negative values pass through. */
  private static Duration seconds(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber() || !Double.isFinite(n.asDouble()) || Math.abs(n.asDouble()) > 1e12) {
      throw new BadField(field + " must be a number of seconds, but was " + cut(n.toString()));
    }
    return Duration.ofMillis(Math.round(n.asDouble() * 1000));
  }

  private static Instant instant(JsonNode json, String field) {
    String s = text(json, field, false);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new BadField(field + " must be an ISO-8601 instant (e.g. 2030-01-01T00:00:00Z)");
    }
  }

  private static String single(HttpRequest request, String name) {
    List<String> all = request.getUri().query().getAll(name);
    return all.size() == 1 ? all.get(0) : null;
  }

  // ---- JSON out

  private static Map<String, Object> task(Task t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("type", t.type());
    m.put("payload", payload(t.payload()));
    m.put("priority", t.priority());
    m.put("attempt", t.attempt());
    m.put("maxAttempts", t.maxAttempts());
    m.put("lease", t.lease());
    m.put("leaseExpiresAt", t.leaseExpiresAt() == null ? null : t.leaseExpiresAt().toString());
    return m;
  }

  private static Map<String, Object> info(TaskInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("type", t.type());
    m.put("payload", payload(t.payload()));
    m.put("priority", t.priority());
    m.put("state", t.state().key());
    m.put("attempts", t.attempts());
    m.put("maxAttempts", t.maxAttempts());
    m.put("lastError", t.lastError());
    m.put("createdAt", str(t.createdAt()));
    m.put("runAt", str(t.runAt()));
    m.put("startedAt", str(t.startedAt()));
    m.put("finishedAt", str(t.finishedAt()));
    m.put("leaseExpiresAt", str(t.leaseExpiresAt()));
    m.put("idempotencyKey", t.idempotencyKey());
    return m;
  }

  /** The payload as JSON when it is JSON (as HTTP producers send it), else as a JSON string. */
  private static Object payload(String payload) {
    try {
      return MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      return payload;
    }
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  private static HttpResponse unknown(String id) {
    return Json.error(
        StatusCodes.NOT_FOUND,
        "no such task",
        "no live or retained task has id "
            + q(id)
            + " (finished tasks are kept for"
            + " bounded.task-queue.completed-retention)");
  }

  private static HttpResponse rejected(Rejected r) {
    if (r.reason().contains("inbox is full")) {
      return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "busy", r.reason(), RetryAfter.create(1L));
    }
    StatusCode status = StatusCodes.BAD_REQUEST;
    return Json.error(status, "rejected", r.reason());
  }

  private static String q(String s) {
    return "\"" + cut(s) + "\"";
  }

  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
