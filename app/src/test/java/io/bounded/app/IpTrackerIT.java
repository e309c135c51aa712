package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IP tracker in front of the gateway listener, and its admin API. The test client sits on
 * 127.0.0.1, configured here as a trusted proxy, so each test speaks for its own client address
 * through {@code X-Forwarded-For}.
 */
class IpTrackerIT {
  static Upstream svc;
  static NodeFixture fx;

  @BeforeAll
  static void start() {
    svc = new Upstream("svc");
    fx =
        NodeFixture.start(
            "ip-tracker",
            Map.of(
                "bounded.api-gateway.routes",
                List.of(Map.of("name", "svc", "prefix", "/svc", "upstreams", List.of(svc.url()))),
                "bounded.ip-tracker.trusted-proxies",
                List.of("127.0.0.1"),
                "bounded.ip-tracker.deny",
                List.of("198.51.100.0/24"),
                "bounded.ip-tracker.rate.per-second",
                0.01,
                "bounded.ip-tracker.rate.burst",
                4,
                "bounded.ip-tracker.ban.max-failures",
                3,
                "bounded.ip-tracker.ban.max-ban-duration",
                "1h"));
  }

  @AfterAll
  static void stop() {
    fx.close();
    svc.close();
  }

  private static HttpResponse<String> as(String client, String path) {
    return fx.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.node.gatewayPort() + path))
            .timeout(NodeFixture.TIMEOUT)
            .header("X-Forwarded-For", client)
            .GET()
            .build());
  }

  @Test
  void overTheRate_is429WithRetryAfter() {
    for (int i = 0; i < 4; i++) {
      assertThat(as("203.0.113.1", "/svc").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = as("203.0.113.1", "/svc");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(as("203.0.113.99", "/svc").statusCode()).as("others unaffected").isEqualTo(200);
  }

  @Test
  void repeatedClientErrors_banThenAdminUnbanLiftsIt() {
    String client = "203.0.113.2";
    assertThat(as(client, "/missing").statusCode()).isEqualTo(404);
    assertThat(as(client, "/missing").statusCode()).isEqualTo(404);
    assertThat(as(client, "/missing").statusCode()).isEqualTo(404);
    HttpResponse<String> banned = as(client, "/svc");
    assertThat(banned.statusCode()).isEqualTo(403);
    assertThat(banned.headers().firstValue("Retry-After")).isPresent();
    JsonNode state = NodeFixture.json(fx.get("/admin/ip/" + client));
    assertThat(state.path("banned").asBoolean()).isTrue();
    assertThat(state.path("offences").asInt()).isEqualTo(1);

    HttpResponse<String> unban = fx.delete("/admin/ip/" + client + "/ban");
    assertThat(unban.statusCode()).isEqualTo(200);
    assertThat(NodeFixture.json(unban).path("wasBanned").asBoolean()).isTrue();
    assertThat(as(client, "/svc").statusCode()).isEqualTo(200);
  }

  @Test
  void adminBan_blocksTheClientAndBadInputIs400() {
    HttpResponse<String> ban = fx.put("/admin/ip/2001:db8::7/ban", "{\"seconds\": 60}");
    assertThat(ban.statusCode()).as(ban.body()).isEqualTo(200);
    assertThat(as("2001:db8::7", "/svc").statusCode()).isEqualTo(403);
    assertThat(fx.put("/admin/ip/2001:db8::7/ban", "{\"seconds\": 0}").statusCode()).isEqualTo(400);
    assertThat(fx.put("/admin/ip/2001:db8::7/ban", "{\"seconds\": 7200}").statusCode())
        .as("over max-ban-duration")
        .isEqualTo(400);
    assertThat(fx.put("/admin/ip/2001:db8::7/ban", "nope").statusCode()).isEqualTo(400);
    HttpResponse<String> host = fx.put("/admin/ip/example.com/ban", "{\"seconds\": 5}");
    assertThat(host.statusCode()).isEqualTo(400);
    assertThat(NodeFixture.json(host).path("detail").asText()).contains("IPv4 or IPv6 literal");
    assertThat(fx.get("/admin/ip/999.0.0.1").statusCode()).isEqualTo(400);
    assertThat(fx.method("POST", "/admin/ip/192.0.2.1/ban").statusCode()).isEqualTo(405);
  }

  @Test
  void denyList_is403() {
    assertThat(as("198.51.100.4", "/svc").statusCode()).isEqualTo(403);
    assertThat(NodeFixture.json(fx.get("/admin/ip/198.51.100.4")).path("list").asText())
        .isEqualTo("deny");
  }
}
