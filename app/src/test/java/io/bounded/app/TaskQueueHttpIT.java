package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pull-worker protocol of the task queue over real HTTP, including bad input. */
class TaskQueueHttpIT {
  static NodeFixture fx;

  @BeforeAll
  static void start() {
    fx =
        NodeFixture.start(
            "tasks",
            Map.of(
                "bounded.task-queue.max-tasks", 3,
                "bounded.task-queue.max-batch", 10,
                "bounded.task-queue.backoff.base", "1ms",
                "bounded.task-queue.backoff.cap", "1ms",
                "bounded.task-queue.backoff.jitter", 0));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @AfterEach
  void nodeKeepsServing() {
    assertThat(fx.get("/health").statusCode()).isEqualTo(200);
  }

  static HttpResponse<String> post(String path, String json) {
    return fx.send(
        fx.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  static String enqueue(String json) {
    HttpResponse<String> r = post("/tasks", json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return NodeFixture.json(r).path("id").asText();
  }

  static JsonNode leaseOne(String type, double seconds) {
    HttpResponse<String> r =
        post(
            "/tasks/lease",
            "{\"type\":\"" + type + "\",\"max\":1,\"leaseSeconds\":" + seconds + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode tasks = NodeFixture.json(r).path("tasks");
    assertThat(tasks.size()).isEqualTo(1);
    return tasks.get(0);
  }

  /** Polls the task until {@code until} holds, for at most the fixture's timeout. */
  static JsonNode awaitTask(String id, Predicate<JsonNode> until) {
    long deadline = System.nanoTime() + NodeFixture.TIMEOUT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = NodeFixture.json(fx.get("/tasks/" + id));
      if (until.test(last)) {
        return last;
      }
    }
    throw new AssertionError("task never reached the expected state; last seen " + last);
  }

  @Test
  void workerProtocol_enqueueLeaseAck_endToEnd() {
    String id =
        enqueue("{\"type\":\"email\",\"payload\":{\"to\":\"ada@example.com\"},\"priority\":5}");
    JsonNode task = leaseOne("email", 30);
    assertThat(task.path("id").asText()).isEqualTo(id);
    assertThat(task.path("payload").path("to").asText()).isEqualTo("ada@example.com");
    assertThat(task.path("attempt").asInt()).isEqualTo(1);
    assertThat(task.path("leaseExpiresAt").asText()).isNotEmpty();

    JsonNode running = NodeFixture.json(fx.get("/tasks/" + id));
    assertThat(running.path("state").asText()).isEqualTo("running");

    HttpResponse<String> ext =
        post(
            "/tasks/" + id + "/extend",
            "{\"lease\":\"" + task.path("lease").asText() + "\",\"leaseSeconds\":60}");
    assertThat(ext.statusCode()).as(ext.body()).isEqualTo(200);

    HttpResponse<String> ack =
        post("/tasks/" + id + "/ack", "{\"lease\":\"" + task.path("lease").asText() + "\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    JsonNode done = NodeFixture.json(fx.get("/tasks/" + id));
    assertThat(done.path("state").asText()).isEqualTo("succeeded");
    assertThat(done.path("finishedAt").asText()).isNotEmpty();

    HttpResponse<String> again =
        post("/tasks/" + id + "/ack", "{\"lease\":\"" + task.path("lease").asText() + "\"}");
    assertThat(again.statusCode()).isEqualTo(409);
  }

  @Test
  void workerProtocol_failUntilDead_listedAndRetried() {
    String id = enqueue("{\"type\":\"report\",\"payload\":\"r1\",\"maxAttempts\":1}");
    JsonNode task = leaseOne("report", 30);
    HttpResponse<String> fail =
        post(
            "/tasks/" + id + "/fail",
            "{\"lease\":\"" + task.path("lease").asText() + "\",\"error\":\"out of paper\"}");
    assertThat(fail.statusCode()).as(fail.body()).isEqualTo(200);
    assertThat(NodeFixture.json(fail).path("state").asText()).isEqualTo("dead");

    HttpResponse<String> dead = fx.get("/tasks?state=dead&limit=5");
    assertThat(dead.statusCode()).isEqualTo(200);
    JsonNode listed = NodeFixture.json(dead).path("tasks");
    assertThat(listed.size()).isGreaterThanOrEqualTo(1);
    assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
    assertThat(listed.get(0).path("lastError").asText()).isEqualTo("out of paper");

    HttpResponse<String> retry = post("/tasks/" + id + "/retry", "");
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    assertThat(NodeFixture.json(fx.get("/tasks/" + id)).path("state").asText())
        .isEqualTo("pending");
    JsonNode second = leaseOne("report", 30);
    post("/tasks/" + id + "/ack", "{\"lease\":\"" + second.path("lease").asText() + "\"}");
    assertThat(post("/tasks/" + id + "/retry", "").statusCode()).isEqualTo(409);
  }

  @Test
  void workerProtocol_leaseExpires_stalledAttemptRetriedAndStaleAckRefused() {
    String id = enqueue("{\"type\":\"crashy\",\"payload\":1,\"maxAttempts\":3}");
    JsonNode crashed = leaseOne("crashy", 0.001);
    awaitTask(
        id, t -> t.path("attempts").asInt() == 1 && !t.path("state").asText().equals("running"));
    JsonNode info = NodeFixture.json(fx.get("/tasks/" + id));
    assertThat(info.path("lastError").asText()).contains("stalled");
    JsonNode second = null;
    long deadline = System.nanoTime() + NodeFixture.TIMEOUT.toNanos();
    while (second == null && System.nanoTime() < deadline) {
      JsonNode tasks =
          NodeFixture.json(post("/tasks/lease", "{\"type\":\"crashy\",\"leaseSeconds\":30}"))
              .path("tasks");
      second = tasks.size() == 1 ? tasks.get(0) : null;
    }
    assertThat(second).isNotNull();
    assertThat(second.path("attempt").asInt()).isEqualTo(2);

    HttpResponse<String> stale =
        post("/tasks/" + id + "/ack", "{\"lease\":\"" + crashed.path("lease").asText() + "\"}");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(NodeFixture.json(stale).path("detail").asText()).contains("leased again");
    HttpResponse<String> ok =
        post("/tasks/" + id + "/ack", "{\"lease\":\"" + second.path("lease").asText() + "\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(
            NodeFixture.json(fx.get("/stats/task-queue"))
                .path("gauges")
                .path("stalled-total")
                .asLong())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void enqueue_sameIdempotencyKey_200WithFirstId() {
    String first = enqueue("{\"type\":\"idem\",\"payload\":\"a\",\"idempotencyKey\":\"k-1\"}");
    HttpResponse<String> dup =
        post("/tasks", "{\"type\":\"idem\",\"payload\":\"b\",\"idempotencyKey\":\"k-1\"}");
    assertThat(dup.statusCode()).isEqualTo(200);
    assertThat(NodeFixture.json(dup).path("id").asText()).isEqualTo(first);
    assertThat(NodeFixture.json(dup).path("duplicate").asBoolean()).isTrue();
    post(
        "/tasks/" + first + "/ack",
        "{\"lease\":\"" + leaseOne("idem", 30).path("lease").asText() + "\"}");
  }

  @Test
  void enqueue_full_is429WithRetryAfterAndNothingEvicted() {
    String a = enqueue("{\"type\":\"fill\",\"payload\":1}");
    String b = enqueue("{\"type\":\"fill\",\"payload\":2}");
    String c = enqueue("{\"type\":\"fill\",\"payload\":3}");
    HttpResponse<String> full = post("/tasks", "{\"type\":\"fill\",\"payload\":4}");
    assertThat(full.statusCode()).isEqualTo(429);
    assertThat(full.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(NodeFixture.json(full).path("detail").asText()).contains("max-tasks");
    for (String id : new String[] {a, b, c}) {
      assertThat(NodeFixture.json(fx.get("/tasks/" + id)).path("state").asText())
          .isEqualTo("pending");
    }
    HttpResponse<String> leased =
        post("/tasks/lease", "{\"type\":\"fill\",\"max\":10,\"leaseSeconds\":30}");
    for (JsonNode t : NodeFixture.json(leased).path("tasks")) {
      post(
          "/tasks/" + t.path("id").asText() + "/ack",
          "{\"lease\":\"" + t.path("lease").asText() + "\"}");
    }
  }

  @Test
  void badInput_eachCase_is4xxWithJsonError() {
    Object[][] cases = {
      {"POST", "/tasks", "not json", 400},
      {"POST", "/tasks", "[1,2]", 400},
      {"POST", "/tasks", "{\"payload\":1}", 400},
      {"POST", "/tasks", "{\"type\":7}", 400},
      {"POST", "/tasks", "{\"type\":\"t\",\"priority\":1.5}", 400},
      {"POST", "/tasks", "{\"type\":\"t\",\"delaySeconds\":-1}", 400},
      {"POST", "/tasks", "{\"type\":\"t\",\"runAt\":\"tomorrow\"}", 400},
      {"POST", "/tasks", "{\"type\":\"t\",\"backoff\":{\"type\":\"linear\"}}", 400},
      {"POST", "/tasks/lease", "{\"type\":\"t\",\"leaseSeconds\":-5}", 400},
      {"POST", "/tasks/lease", "{\"type\":\"t\",\"max\":0}", 400},
      {"POST", "/tasks/lease", "{\"type\":\"t\",\"max\":11}", 400},
      {"POST", "/tasks/lease", "{\"max\":1}", 400},
      {"POST", "/tasks/no-such-id/ack", "{\"lease\":\"1\"}", 404},
      {"POST", "/tasks/no-such-id/ack", "{}", 400},
      {"POST", "/tasks/no-such-id/fail", "{\"lease\":\"1\",\"retry\":\"yes\"}", 400},
      {"POST", "/tasks/no-such-id/retry", "", 404},
      {"GET", "/tasks/no-such-id", null, 404},
      {"GET", "/tasks", null, 400},
      {"GET", "/tasks?state=zombie", null, 400},
      {"GET", "/tasks?state=dead&limit=0", null, 400},
      {"GET", "/tasks?state=dead&limit=abc", null, 400},
      {"DELETE", "/tasks/lease", null, 405},
    };
    for (Object[] c : cases) {
      HttpResponse<String> r =
          c[2] == null
              ? fx.method((String) c[0], (String) c[1])
              : fx.send(
                  fx.request((String) c[1])
                      .header("Content-Type", "application/json")
                      .method((String) c[0], HttpRequest.BodyPublishers.ofString((String) c[2]))
                      .build());
      assertThat(r.statusCode())
          .as(c[0] + " " + c[1] + " " + c[2] + " → " + r.body())
          .isEqualTo(c[3]);
      assertThat(NodeFixture.json(r).path("error").asText()).as(r.body()).isNotEmpty();
    }
    JsonNode stats = NodeFixture.json(fx.get("/stats/task-queue"));
    assertThat(stats.path("size").asLong()).isZero();
  }

  @Test
  void typesAndPause_overHttp_pausedTypeLeasesNothing() {
    assertThat(post("/tasks/types/paused-type/pause", "").statusCode()).isEqualTo(200);
    String id = enqueue("{\"type\":\"paused-type\",\"payload\":1}");
    JsonNode none = NodeFixture.json(post("/tasks/lease", "{\"type\":\"paused-type\",\"max\":5}"));
    assertThat(none.path("tasks").size()).isZero();
    JsonNode types = NodeFixture.json(fx.get("/tasks/types")).path("types");
    boolean seen = false;
    for (JsonNode t : types) {
      if (t.path("type").asText().equals("paused-type")) {
        seen = true;
        assertThat(t.path("paused").asBoolean()).isTrue();
        assertThat(t.path("pending").asInt()).isEqualTo(1);
      }
    }
    assertThat(seen).isTrue();
    assertThat(post("/tasks/types/paused-type/resume", "").statusCode()).isEqualTo(200);
    JsonNode t = leaseOne("paused-type", 30);
    post("/tasks/" + id + "/ack", "{\"lease\":\"" + t.path("lease").asText() + "\"}");
  }
}
