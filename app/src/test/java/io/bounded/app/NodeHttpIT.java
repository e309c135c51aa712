package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint and every bad input of the node's API, over real HTTP. */
class NodeHttpIT {
  static final int MAX_BODY = 64 * 1024;
  static final int CACHE_MAX_BYTES = 16 * 1024;
  static final int MAX_KEY_LENGTH = 32;

  static NodeFixture fx;

  @BeforeAll
  static void start() {
    fx =
        NodeFixture.start(
            "http",
            Map.of(
                "bounded.node.http.max-body", MAX_BODY,
                "bounded.cache.max-bytes", CACHE_MAX_BYTES,
                "bounded.cache.max-key-length", MAX_KEY_LENGTH,
                "bounded.cache.max-entries", 100,
                "bounded.cache.max-ttl", "1h"));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @AfterEach
  void nodeKeepsServing() {
    assertThat(fx.get("/health").statusCode()).isEqualTo(200);
  }

  // ---- health, stats, metrics, admin

  @Test
  void health_running_is200WithEachComponentsState() {
    HttpResponse<String> r = fx.get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = NodeFixture.json(r);
    assertThat(body.path("status").asText()).isEqualTo("up");
    assertThat(body.path("components").path("cache").path("status").asText()).isEqualTo("up");
    assertThat(body.path("components").path("cache").path("capacity").asLong()).isEqualTo(100);
  }

  @Test
  void stats_running_givesEveryComponentUnderItsName() {
    fx.put("/cache/stats-key", "v");
    HttpResponse<String> r = fx.get("/stats");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).contains("application/json"));
    JsonNode cache = NodeFixture.json(r).path("cache");
    assertThat(cache.path("name").asText()).isEqualTo("cache");
    assertThat(cache.path("capacity").asLong()).isEqualTo(100);
    assertThat(cache.path("size").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(cache.path("inserts").asLong()).isGreaterThanOrEqualTo(1);
    for (String field :
        List.of(
            "hits",
            "misses",
            "evictions",
            "expirations",
            "rejections",
            "drops",
            "mailboxOverflows",
            "cleanupRuns",
            "cleanupFailures",
            "lastCleanupDurationMillis",
            "byCause",
            "recent")) {
      assertThat(cache.has(field)).as(field).isTrue();
    }
    assertThat(cache.path("gauges").path("max-bytes").asLong()).isEqualTo(CACHE_MAX_BYTES);
    assertThat(NodeFixture.json(r).path("runtime").has("droppedLogLines")).isTrue();
  }

  @Test
  void statsOfOneComponent_knownAndUnknown_is200Or404() {
    assertThat(NodeFixture.json(fx.get("/stats/cache")).path("name").asText()).isEqualTo("cache");
    HttpResponse<String> unknown = fx.get("/stats/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(NodeFixture.json(unknown).path("detail").asText()).contains("cache");
  }

  private static final Pattern SAMPLE =
      Pattern.compile(
          "^[a-zA-Z_:][a-zA-Z0-9_:]*"
              + "(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")*,?\\})?"
              + " (NaN|[+-]Inf|[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?)( [0-9]+)?$");
  private static final Pattern COMMENT =
      Pattern.compile(
          "^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$");

  @Test
  void metrics_aMemoizerMadeLater_isExportedWhileLive_andGoneOnceClosed() {
    io.bounded.actors.memoizer.Memoized<String, Integer> m =
        fx.node.runtime().memoize("metrics-later", String::length);
    assertThat(m.get("four").toCompletableFuture().join()).isEqualTo(4);
    String series = "bounded_component_inserts_total{component=\"memoizer-metrics-later\"}";
    assertThat(fx.get("/metrics").body().lines()).anyMatch(l -> l.startsWith(series));
    m.close();
    assertThat(fx.get("/metrics").body()).doesNotContain("metrics-later");
    assertThat(fx.get("/metrics").body()).contains("bounded_component_size{component=\"cache\"}");
  }

  @Test
  void metrics_scraped_isPrometheusTextWithComponentAndJvmSeries() {
    fx.put("/cache/metrics-key", "v");
    HttpResponse<String> r = fx.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    List<String> bad = new ArrayList<>();
    List<String> lines = Arrays.asList(r.body().split("\n"));
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      boolean ok =
          line.startsWith("#") ? COMMENT.matcher(line).matches() : SAMPLE.matcher(line).matches();
      if (!ok) {
        bad.add(line);
      }
    }
    assertThat(bad).as("lines not in the Prometheus exposition format").isEmpty();
    assertThat(lines)
        .anyMatch(l -> l.matches("bounded_component_size\\{component=\"cache\"} [1-9].*"));
    assertThat(lines).contains("bounded_component_capacity{component=\"cache\"} 100.0");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("bounded_component_evictions_total{component=\"cache\"}"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("bounded_component_drops_total{component=\"cache\"}"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("bounded_component_rejections_total{component=\"cache\"}"));
    assertThat(lines)
        .anyMatch(
            l -> l.startsWith("bounded_component_mailbox_overflows_total{component=\"cache\"}"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("bounded_component_max_bytes{component=\"cache\"}"));
    assertThat(lines).anyMatch(l -> l.startsWith("bounded_log_dropped_lines_total"));
    assertThat(lines).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));
    assertThat(lines).anyMatch(l -> l.startsWith("jvm_gc_"));
  }

  @Test
  void adminConfig_running_givesEffectiveBounds() {
    HttpResponse<String> r = fx.get("/admin/config");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(NodeFixture.json(r).path("cache").path("max-entries").asInt()).isEqualTo(100);
  }

  // ---- cache

  @Test
  void cache_putGetDelete_roundTripsBytes() {
    byte[] value = {0, 1, 2, (byte) 0xff, 'x'};
    assertThat(fx.put("/cache/round", value).statusCode()).isEqualTo(204);
    HttpResponse<byte[]> got = fx.sendBytes(fx.request("/cache/round").GET().build());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).containsExactly(value);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(fx.delete("/cache/round").statusCode()).isEqualTo(204);
    assertThat(fx.get("/cache/round").statusCode()).isEqualTo(404);
  }

  @Test
  void cache_putWithTtlAndEncodedKey_isStored() {
    assertThat(fx.put("/cache/a%2Fb%20c?ttl=60", "slashed").statusCode()).isEqualTo(204);
    assertThat(fx.get("/cache/a%2Fb%20c").body()).isEqualTo("slashed");
  }

  @Test
  void cache_getOrDeleteMissingKey_is404Json() {
    HttpResponse<String> get = fx.get("/cache/never-put");
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(NodeFixture.json(get).path("error").asText()).isEqualTo("no such key");
    HttpResponse<String> delete = fx.delete("/cache/never-put");
    assertThat(delete.statusCode()).isEqualTo(404);
    assertThat(NodeFixture.json(delete).has("detail")).isTrue();
  }

  @Test
  void cache_deleteAll_removesEverything() {
    fx.put("/cache/c1", "1");
    fx.put("/cache/c2", "2");
    HttpResponse<String> r = fx.delete("/cache");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(NodeFixture.json(r).path("removed").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(fx.get("/cache/c1").statusCode()).isEqualTo(404);
  }

  // ---- bad input

  @Test
  void unknownPath_is404Json() {
    for (String path : List.of("/nope", "/cache/a/b", "/stats/cache/x", "/")) {
      HttpResponse<String> r = fx.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertError(r, "not found");
    }
  }

  @Test
  void wrongMethod_is405WithAllow() {
    HttpResponse<String> health = fx.method("POST", "/health");
    assertThat(health.statusCode()).isEqualTo(405);
    assertThat(health.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertError(health, "method not allowed");

    HttpResponse<String> cache = fx.method("POST", "/cache/k");
    assertThat(cache.statusCode()).isEqualTo(405);
    assertThat(cache.headers().firstValue("Allow")).hasValue("GET, HEAD, PUT, DELETE");

    assertThat(fx.method("PUT", "/stats").statusCode()).isEqualTo(405);
    assertThat(fx.method("DELETE", "/metrics").statusCode()).isEqualTo(405);
    assertThat(fx.method("GET", "/admin/shutdown").statusCode()).isEqualTo(405);
  }

  @Test
  void head_ofAGetResource_isItsStatusAndHeadersWithoutABody() {
    assertThat(fx.put("/cache/head-key", "twelve bytes").statusCode()).isEqualTo(204);
    HttpResponse<String> head = fx.method("HEAD", "/cache/head-key");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue("12");
    assertThat(fx.method("HEAD", "/cache/no-such-key").statusCode()).isEqualTo(404);
    assertThat(fx.method("HEAD", "/health").statusCode()).isEqualTo(200);
    // a resource without GET has no HEAD either
    HttpResponse<String> shutdown = fx.method("HEAD", "/admin/shutdown");
    assertThat(shutdown.statusCode()).isEqualTo(405);
    assertThat(shutdown.headers().firstValue("Allow")).hasValue("POST");
    assertThat(fx.get("/cache/head-key").body()).isEqualTo("twelve bytes");
  }

  @Test
  void put_badTtl_is400AndChangesNothing() {
    assertThat(fx.put("/cache/ttl-key", "original").statusCode()).isEqualTo(204);
    for (String ttl : List.of("abc", "0", "-5", "1.5", "", "3601", "99999999999999", "1&ttl=2")) {
      HttpResponse<String> r = fx.put("/cache/ttl-key?ttl=" + ttl, "changed");
      assertThat(r.statusCode()).as("ttl=" + ttl).isEqualTo(400);
      assertError(r, "bad ttl");
    }
    assertThat(NodeFixture.json(fx.put("/cache/ttl-key?ttl=3601", "x")).path("detail").asText())
        .contains("bounded.cache.max-ttl");
    assertThat(fx.get("/cache/ttl-key").body()).isEqualTo("original");
  }

  @Test
  void badKey_is400() {
    String tooLong = "k".repeat(MAX_KEY_LENGTH + 1);
    for (HttpResponse<String> r :
        List.of(
            fx.put("/cache/" + tooLong, "v"),
            fx.get("/cache/" + tooLong),
            fx.delete("/cache/" + tooLong))) {
      assertThat(r.statusCode()).isEqualTo(400);
      assertError(r, "bad key");
      assertThat(NodeFixture.json(r).path("detail").asText())
          .contains("bounded.cache.max-key-length");
    }
    HttpResponse<String> empty = fx.put("/cache/", "v");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(NodeFixture.json(empty).path("detail").asText()).contains("empty");
    assertThat(fx.put("/cache/" + "k".repeat(MAX_KEY_LENGTH), "v").statusCode()).isEqualTo(204);
  }

  @Test
  void put_bodyOverMaxBody_is413AndChangesNothing() {
    HttpResponse<String> r = fx.put("/cache/too-big", new byte[MAX_BODY + 1]);
    assertThat(r.statusCode()).isEqualTo(413);
    assertError(r, "body too large");
    assertThat(NodeFixture.json(r).path("detail").asText()).contains("bounded.node.http.max-body");
    assertThat(fx.get("/cache/too-big").statusCode()).isEqualTo(404);
  }

  @Test
  void put_chunkedBodyOverMaxBody_is413() {
    HttpRequest chunked =
        fx.request("/cache/too-big-chunked")
            .PUT(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[MAX_BODY + 1])))
            .build();
    HttpResponse<String> r = fx.send(chunked);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(NodeFixture.json(r).has("error")).isTrue();
    assertThat(fx.get("/cache/too-big-chunked").statusCode()).isEqualTo(404);
  }

  @Test
  void put_valueOverCacheMaxBytes_is413AndChangesNothing() {
    assertThat(fx.put("/cache/big-value", "small").statusCode()).isEqualTo(204);
    HttpResponse<String> r = fx.put("/cache/big-value", new byte[CACHE_MAX_BYTES + 1]);
    assertThat(r.statusCode()).isEqualTo(413);
    assertError(r, "value too large");
    assertThat(NodeFixture.json(r).path("detail").asText()).contains("bounded.cache.max-bytes");
    assertThat(fx.get("/cache/big-value").body()).isEqualTo("small");

    HttpRequest chunked =
        fx.request("/cache/big-value")
            .PUT(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[CACHE_MAX_BYTES + 1])))
            .build();
    assertThat(fx.send(chunked).statusCode()).isEqualTo(413);
    assertThat(fx.put("/cache/big-value", new byte[CACHE_MAX_BYTES]).statusCode()).isEqualTo(204);
  }

  @Test
  void oversizedHeader_isRefusedWithJson() {
    HttpResponse<String> r =
        fx.send(fx.request("/health").header("X-Filler", "a".repeat(20_000)).GET().build());
    assertThat(r.statusCode()).isBetween(400, 499);
    assertThat(NodeFixture.json(r).has("error")).isTrue();
  }

  @Test
  void badInput_neverAnswers5xx() {
    List<HttpResponse<String>> responses =
        List.of(
            fx.method("PATCH", "/cache/k"),
            fx.method("OPTIONS", "/stats"),
            fx.put("/cache/k?ttl=" + "9".repeat(40), "v"));
    for (HttpResponse<String> r : responses) {
      assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isBetween(400, 499);
      assertThat(NodeFixture.json(r).has("error")).as(r.uri() + " " + r.body()).isTrue();
    }
    for (String head :
        List.of(
            "GET /cache/%zz HTTP/1.1",
            "PUT /cache/k?ttl=%zz HTTP/1.1\r\nContent-Length: 0",
            "GET /cache/k HTTP/1.1\r\nContent-Length: -1",
            "BREW /cache/k HTTP/1.1",
            "GET /" + "x".repeat(70_000) + " HTTP/1.1")) {
      String response = fx.raw(head);
      assertThat(response).as(head).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
      assertThat(response).as(head).contains("\"error\"");
    }
  }

  private static void assertError(HttpResponse<String> r, String error) {
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = NodeFixture.json(r);
    assertThat(body.path("error").asText()).isEqualTo(error);
    assertThat(body.path("detail").asText()).isNotBlank();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
