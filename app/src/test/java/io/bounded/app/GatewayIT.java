package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway listener against real upstream HTTP servers, and the gateway's admin API. */
class GatewayIT {
  static Upstream api;
  static Upstream users;
  static Upstream flaky;
  static Upstream slow;
  static Upstream retry;
  static int closedPort;
  static NodeFixture fx;

  @BeforeAll
  static void start() throws IOException {
    api = new Upstream("api");
    users = new Upstream("users");
    flaky = new Upstream("flaky");
    slow = new Upstream("slow");
    retry = new Upstream("retry");
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String routes =
        "["
            + route("api", "/api", api.url(), "cache-ttl = 60s")
            + ","
            + route("users", "/api/users", users.url(), "")
            + ","
            + route("down", "/down", "http://127.0.0.1:" + closedPort, "retries = 0")
            + ","
            + route("flaky", "/flaky", flaky.url(), "retries = 0")
            + ","
            + route("slow", "/slow", slow.url(), "timeout = 300ms, retries = 0")
            + ","
            + route("retry", "/retry", retry.url(), "retries = 2, retry-backoff = 10ms")
            + "]";
    fx =
        NodeFixture.start(
            "gateway",
            Map.of(
                "bounded.api-gateway.routes",
                com.typesafe.config.ConfigFactory.parseString("r = " + routes)
                    .getList("r")
                    .unwrapped(),
                "bounded.api-gateway.max-routes",
                8,
                "bounded.api-gateway.circuit-breaker.sliding-window-size",
                10,
                "bounded.api-gateway.circuit-breaker.minimum-calls",
                2,
                "bounded.api-gateway.circuit-breaker.wait-in-open",
                "1s",
                "bounded.api-gateway.circuit-breaker.permitted-calls-in-half-open",
                1,
                "bounded.ip-tracker.rate.per-second",
                1_000_000,
                "bounded.ip-tracker.rate.burst",
                1_000_000,
                "bounded.ip-tracker.ban.max-failures",
                1_000_000));
  }

  private static String route(String name, String prefix, String upstream, String extra) {
    return "{ name = "
        + name
        + ", prefix = \""
        + prefix
        + "\", upstreams = [\""
        + upstream
        + "\"]"
        + (extra.isEmpty() ? "" : ", " + extra)
        + " }";
  }

  @AfterAll
  static void stop() {
    fx.close();
    for (Upstream u : new Upstream[] {api, users, flaky, slow, retry}) {
      u.close();
    }
  }

  private static URI gw(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + fx.node.gatewayPort() + pathAndQuery);
  }

  private static HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw(path)).timeout(NodeFixture.TIMEOUT);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return fx.send(b.GET().build());
  }

  @Test
  void proxy_longestPrefix_reachesTheRightUpstreamWithPathAndQuery() {
    HttpResponse<String> r = get("/api/users/7?x=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("users GET /api/users/7?x=1");
    assertThat(get("/api/orders").body()).isEqualTo("api GET /api/orders");
  }

  @Test
  void proxy_noRoute_is404AndNothingIsCalled() {
    HttpResponse<String> r = get("/nowhere");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(NodeFixture.json(r).path("error").asText()).isEqualTo("no route");
    assertThat(get("/apix").statusCode()).as("prefixes match whole segments").isEqualTo(404);
  }

  @Test
  void proxy_headers_hopByHopRemovedForwardedSetTraceContinued() {
    String trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    HttpResponse<String> r =
        get(
            "/api/users/h",
            "traceparent",
            trace,
            "X-Forwarded-For",
            "203.0.113.66",
            "Keep-Alive",
            "timeout=9",
            "X-Custom",
            "kept");
    assertThat(r.statusCode()).isEqualTo(200);
    Upstream.Seen seen = users.last();
    assertThat(seen.header("X-Custom")).isEqualTo("kept");
    assertThat(seen.header("Keep-Alive")).isNull();
    assertThat(seen.header("X-Forwarded-For"))
        .as("a client outside trusted-proxies cannot pass its own X-Forwarded-For")
        .isEqualTo("127.0.0.1");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.header("traceparent"))
        .startsWith("00-0af7651916cd43dd8448eb211c80319c-")
        .doesNotContain("b7ad6b7169203331")
        .endsWith("-01");
    assertThat(r.headers().firstValue("Keep-Alive")).as("upstream's hop-by-hop header").isEmpty();
    get("/api/users/none");
    assertThat(users.last().header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
  }

  @Test
  void proxy_absoluteFormTargetAndForeignHost_stillGoToTheConfiguredUpstream() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", fx.node.gatewayPort())) {
      s.setSoTimeout(20_000);
      s.getOutputStream()
          .write(
              ("GET http://evil.example:9/api/users/abs HTTP/1.1\r\nHost: evil.example:9\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 200").contains("users GET /api/users/abs");
    }
    assertThat(users.last().header("Host")).startsWith("127.0.0.1:");
  }

  @Test
  void proxy_postBody_isStreamedToTheUpstream() {
    HttpResponse<String> r =
        fx.send(
            HttpRequest.newBuilder(gw("/api/users/new"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(users.last().body()).isEqualTo("{\"n\":1}");
  }

  @Test
  void responseCache_getWithTtl_hitsWithAgeAndNoStoreIsNotCached() {
    int before = api.calls.get();
    HttpResponse<String> first = get("/api/cached");
    HttpResponse<String> second = get("/api/cached");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(api.calls.get() - before).as("the second came from the cache").isEqualTo(1);
    assertThat(second.headers().firstValue("Age")).isPresent();
    assertThat(first.headers().firstValue("Age")).isEmpty();
    get("/api/cached", "Cache-Control", "no-cache");
    assertThat(api.calls.get() - before).as("no-cache goes to the upstream").isEqualTo(2);
    get("/api/cached", "Authorization", "Bearer x");
    assertThat(api.calls.get() - before).as("credentials bypass the shared cache").isEqualTo(3);
  }

  @Test
  void upstreamTimeout_is504() {
    slow.hold = new CountDownLatch(1);
    try {
      HttpResponse<String> r = get("/slow/x");
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(NodeFixture.json(r).path("error").asText()).isEqualTo("upstream timeout");
    } finally {
      slow.hold.countDown();
      slow.hold = null;
    }
  }

  @Test
  void upstreamDown_breakerOpens_then503FastWithRetryAfter() {
    assertThat(get("/down/a").statusCode()).isEqualTo(502);
    assertThat(get("/down/a").statusCode()).isEqualTo(502);
    HttpResponse<String> open = get("/down/a");
    assertThat(open.statusCode()).isEqualTo(503);
    assertThat(NodeFixture.json(open).path("error").asText()).isEqualTo("circuit open");
    assertThat(open.headers().firstValue("Retry-After")).hasValue("1");
  }

  @Test
  void failingUpstream_opensHalfOpensAndClosesOnSuccess() {
    flaky.status = 500;
    assertThat(get("/flaky").statusCode()).isEqualTo(500);
    assertThat(get("/flaky").statusCode()).isEqualTo(500);
    int calls = flaky.calls.get();
    assertThat(get("/flaky").statusCode()).isEqualTo(503);
    assertThat(flaky.calls.get()).as("an open breaker does not call").isEqualTo(calls);
    flaky.status = 200;
    awaitBreaker("flaky", "half-open");
    assertThat(get("/flaky").statusCode()).as("the trial call").isEqualTo(200);
    assertThat(breakerState("flaky")).isEqualTo("closed");
    assertThat(get("/flaky").statusCode()).isEqualTo(200);
  }

  @Test
  void retries_idempotentOnly() {
    // successes first, so that the two failures stay below the breaker's 50 %
    for (int i = 0; i < 8; i++) {
      assertThat(get("/retry/warm").statusCode()).isEqualTo(200);
    }
    retry.failNext.set(2);
    int before = retry.calls.get();
    assertThat(get("/retry/g").statusCode()).isEqualTo(200);
    assertThat(retry.calls.get() - before).isEqualTo(3);
    retry.failNext.set(2);
    before = retry.calls.get();
    HttpResponse<String> post =
        fx.send(
            HttpRequest.newBuilder(gw("/retry/p"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
    assertThat(post.statusCode()).isEqualTo(503);
    assertThat(retry.calls.get() - before).as("POST is never retried").isEqualTo(1);
    retry.failNext.set(0);
  }

  @Test
  void adminRoutes_putGetDelete_andBound() {
    Upstream extra = new Upstream("extra");
    try {
      HttpResponse<String> put =
          fx.put(
              "/admin/routes/extra",
              "{\"prefix\": \"/extra\", \"upstreams\": [\""
                  + extra.url()
                  + "\"],"
                  + " \"timeout\": \"2s\"}");
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
      assertThat(get("/extra/1").body()).isEqualTo("extra GET /extra/1");
      JsonNode route = NodeFixture.json(fx.get("/admin/routes/extra"));
      assertThat(route.path("timeout").asText()).isEqualTo("2s");
      assertThat(route.path("breakers").get(0).path("state").asText()).isEqualTo("closed");
      assertThat(NodeFixture.json(fx.get("/admin/routes")).path("routes").size()).isEqualTo(7);

      HttpResponse<String> full =
          fx.put(
              "/admin/routes/more",
              "{\"prefix\": \"/more\", \"upstreams\": [\"" + extra.url() + "\"]}");
      assertThat(full.statusCode()).isEqualTo(201);
      HttpResponse<String> over =
          fx.put(
              "/admin/routes/over",
              "{\"prefix\": \"/over\", \"upstreams\": [\"" + extra.url() + "\"]}");
      assertThat(over.statusCode()).isEqualTo(409);
      assertThat(NodeFixture.json(over).path("detail").asText()).contains("max-routes (8)");

      HttpResponse<String> bad =
          fx.put("/admin/routes/bad", "{\"prefix\": \"x\", \"upstreams\": [], \"retries\": 99}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(NodeFixture.json(bad).path("detail").asText())
          .contains("prefix must be")
          .contains("upstreams must be");
      assertThat(fx.put("/admin/routes/typo", "{\"prefx\": \"/t\"}").statusCode()).isEqualTo(400);

      assertThat(fx.delete("/admin/routes/more").statusCode()).isEqualTo(204);
      assertThat(fx.delete("/admin/routes/extra").statusCode()).isEqualTo(204);
      assertThat(fx.delete("/admin/routes/extra").statusCode()).isEqualTo(404);
      assertThat(get("/extra/1").statusCode()).isEqualTo(404);
      assertThat(fx.get("/admin/routes/extra").statusCode()).isEqualTo(404);
    } finally {
      extra.close();
    }
  }

  @Test
  void stats_listGatewayAndTracker() {
    JsonNode stats = NodeFixture.json(fx.get("/stats"));
    assertThat(stats.path("api-gateway").path("capacity").asLong()).isEqualTo(8);
    assertThat(stats.path("ip-tracker").path("capacity").asLong()).isEqualTo(50_000);
  }

  private static String breakerState(String route) {
    return NodeFixture.json(fx.get("/admin/routes/" + route))
        .path("breakers")
        .get(0)
        .path("state")
        .asText();
  }

  /** Polls the admin API (not the gateway) until the breaker reads {@code state}; bounded. */
  private static void awaitBreaker(String route, String state) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!breakerState(route).equals(state)) {
      assertThat(Instant.now())
          .as("breaker of " + route + " never became " + state)
          .isBefore(deadline);
      // a short pause between polls, on a timer rather than a sleeping test thread
      CompletableFuture.runAsync(
              () -> {},
              CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS))
          .join();
    }
  }
}
