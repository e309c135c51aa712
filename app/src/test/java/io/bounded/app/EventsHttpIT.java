package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event bus routes over real HTTP, Server-Sent Events included. */
class EventsHttpIT {
  static NodeFixture fx;

  @BeforeAll
  static void start() {
    fx =
        NodeFixture.start(
            "events",
            Map.of(
                "bounded.event-bus.max-events", 5,
                "bounded.event-bus.max-payload-bytes", 64,
                "bounded.event-bus.max-page", 3,
                "bounded.event-bus.max-topic-length", 16,
                "bounded.event-bus.buffer-size", 2,
                "bounded.event-bus.sse-keep-alive", "500ms"));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @AfterEach
  void nodeKeepsServing() {
    assertThat(fx.get("/health").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> post(String path, String body) {
    return fx.send(
        fx.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  @Test
  void post_oneValueThenABatch_is202WithOffsetsAndReadGivesThemBack() {
    HttpResponse<String> one = post("/events/orders", "{\"id\":1}");
    assertThat(one.statusCode()).isEqualTo(202);
    // the first topic of a fresh bus starts at offset 0; later new topics start higher
    assertThat(NodeFixture.json(one).path("offsets").size()).isEqualTo(1);
    long o = NodeFixture.json(one).path("offsets").get(0).asLong();
    HttpResponse<String> batch = post("/events/orders", "[{\"id\":2},{\"id\":3}]");
    assertThat(batch.statusCode()).isEqualTo(202);
    assertThat(NodeFixture.json(batch).path("offsets").toString())
        .isEqualTo("[" + (o + 1) + "," + (o + 2) + "]");

    JsonNode page = NodeFixture.json(fx.get("/events/orders?from=" + (o + 1) + "&limit=2"));
    assertThat(page.path("earliest").asLong()).isEqualTo(o);
    assertThat(page.path("next").asLong()).isEqualTo(o + 3);
    assertThat(page.path("events").size()).isEqualTo(2);
    assertThat(page.path("events").get(0).path("offset").asLong()).isEqualTo(o + 1);
    assertThat(page.path("events").get(0).path("payload").path("id").asInt()).isEqualTo(2);
    assertThat(page.path("events").get(1).path("timestamp").asText()).endsWith("Z");
  }

  @Test
  void get_offsetAlreadyEvicted_answersEarliestHeld() {
    for (int i = 0; i < 7; i++) {
      assertThat(post("/events/evicting", "{\"n\":" + i + "}").statusCode()).isEqualTo(202);
    }
    JsonNode page = NodeFixture.json(fx.get("/events/evicting?from=0"));
    assertThat(page.path("earliest").asLong()).isGreaterThan(0);
    assertThat(page.path("events").get(0).path("offset").asLong())
        .isEqualTo(page.path("earliest").asLong());
    assertThat(page.path("events").size()).isLessThanOrEqualTo(3); // max-page
  }

  @Test
  void badInput_is4xxWithReasonAndStoresNothing() {
    assertThat(post("/events/bad%20topic", "1").statusCode()).isEqualTo(400);
    assertThat(post("/events/this-topic-is-far-too-long", "1").statusCode()).isEqualTo(400);
    HttpResponse<String> notJson = post("/events/t1", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(NodeFixture.json(notJson).path("error").asText()).isEqualTo("bad body");
    assertThat(post("/events/t1", "[]").statusCode()).isEqualTo(400);
    assertThat(post("/events/t1", "[1,2,3,4,5,6]").statusCode()).isEqualTo(400);
    HttpResponse<String> big = post("/events/t1", "\"" + "x".repeat(100) + "\"");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(NodeFixture.json(big).path("detail").asText())
        .contains("bounded.event-bus.max-payload-bytes");
    assertThat(fx.get("/events/t1?limit=4").statusCode()).isEqualTo(400);
    assertThat(fx.get("/events/t1?from=-1").statusCode()).isEqualTo(400);
    assertThat(fx.get("/events/t1?since=yesterday").statusCode()).isEqualTo(400);
    assertThat(fx.get("/events/t1/stream?policy=whatever").statusCode()).isEqualTo(400);
    assertThat(NodeFixture.json(fx.get("/events/t1")).path("events").size()).isZero();
    assertThat(fx.method("DELETE", "/events/t1").statusCode()).isEqualTo(405);
  }

  @Test
  void stream_liveEventsArriveAsServerSentEvents() throws Exception {
    HttpResponse<Stream<String>> sse =
        fx.client.send(
            fx.request("/events/live/stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(sse.statusCode()).isEqualTo(200);
    assertThat(sse.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    Iterator<String> lines = sse.body().iterator();
    assertThat(lines.next()).startsWith(": subscription");
    HttpResponse<String> first = post("/events/live", "{\"a\":1}");
    assertThat(first.statusCode()).isEqualTo(202);
    long o = NodeFixture.json(first).path("offsets").get(0).asLong();
    assertThat(post("/events/live", "{\"a\":2}").statusCode()).isEqualTo(202);
    List<String> frames = new ArrayList<>();
    while (frames.stream().filter(l -> l.startsWith("data:")).count() < 2) {
      String line = lines.next();
      if (!line.isEmpty() && !line.startsWith(":")) {
        frames.add(line);
      }
    }
    assertThat(frames)
        .containsExactly("id: " + o, "data: {\"a\":1}", "id: " + (o + 1), "data: {\"a\":2}");
    sse.body().close();
  }

  @Test
  void stream_lastEventId_resumesAfterThatOffset() throws Exception {
    long o = NodeFixture.json(post("/events/resume", "[1,2,3]")).path("offsets").get(0).asLong();
    HttpResponse<Stream<String>> sse =
        fx.client.send(
            fx.request("/events/resume/stream")
                .header("Last-Event-ID", Long.toString(o + 1))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    Iterator<String> lines = sse.body().iterator();
    assertThat(lines.next()).contains("from offset " + (o + 2));
    String line;
    do {
      line = lines.next();
    } while (!line.startsWith("id:"));
    assertThat(line).isEqualTo("id: " + (o + 2));
    assertThat(lines.next()).isEqualTo("data: 3");
    sse.body().close();
  }

  @Test
  void stream_clientDisconnects_subscriptionIsFreed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", fx.node.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET /events/gone/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.contains(": subscription"));
      assertThat(line).isNotNull();
      assertThat(subscriptionsOf("gone")).isEqualTo(1);
    }
    assertThat(eventually(() -> subscriptionsOf("gone") == 0, Duration.ofSeconds(10))).isTrue();
  }

  private static int subscriptionsOf(String topic) {
    return NodeFixture.json(fx.get("/events/" + topic + "/subscriptions"))
        .path("subscriptions")
        .size();
  }

  /** Polls over HTTP (each poll a round trip) until {@code condition} holds or time runs out. */
  private static boolean eventually(Supplier<Boolean> condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return true;
      }
      // pace the polls with a bounded wait on a round trip, not a sleep
      fx.get("/health");
    }
    return condition.get();
  }

  @Test
  void stats_includeTheEventBus() {
    post("/events/counted", "1");
    JsonNode bus = NodeFixture.json(fx.get("/stats")).path("event-bus");
    assertThat(bus.path("capacity").asLong()).isEqualTo(5);
    assertThat(bus.path("inserts").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(bus.path("gauges").has("subscriptions")).isTrue();
  }
}
