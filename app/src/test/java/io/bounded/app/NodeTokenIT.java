package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.bounded.config.InvalidSettingsException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token, and the refusal to listen beyond loopback without one. */
class NodeTokenIT {
  static final String TOKEN = "s3cret-token";
  static NodeFixture fx;

  @BeforeAll
  static void start() {
    fx = NodeFixture.start("token", Map.of("bounded.node.api.token", TOKEN));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static HttpResponse<String> get(String path, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.uri(path)).timeout(NodeFixture.TIMEOUT).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return fx.send(b.build());
  }

  @Test
  void health_withoutToken_isOpen() {
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void guardedEndpoints_withoutOrWithWrongToken_are401() {
    for (String path : List.of("/stats", "/metrics", "/cache/k", "/admin/config", "/unknown")) {
      for (String auth :
          java.util.Arrays.asList(
              null, "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, "Bearer ", TOKEN)) {
        HttpResponse<String> r = get(path, auth);
        assertThat(r.statusCode()).as(path + " with " + auth).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        JsonNode body = NodeFixture.json(r);
        assertThat(body.path("error").asText()).isEqualTo("unauthorized");
        assertThat(body.path("detail").asText()).contains("bounded.node.api.token");
      }
    }
  }

  @Test
  void guardedEndpoints_withToken_answer() {
    assertThat(get("/stats", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(fx.put("/cache/t", "v").statusCode()).isEqualTo(204);
    assertThat(get("/cache/t", "Bearer " + TOKEN).body()).isEqualTo("v");
    assertThat(get("/unknown", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void adminConfig_withToken_hidesTheToken() {
    HttpResponse<String> r = get("/admin/config", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain(TOKEN);
    assertThat(NodeFixture.json(r).path("node").path("api").path("token").asText())
        .isEqualTo("***");
  }

  @Test
  void start_nonLoopbackHostWithoutToken_isRefusedNamingTheToken() {
    assertThatThrownBy(
            () ->
                Node.start(
                    NodeFixture.config(
                        Map.of("bounded.node.http.host", "0.0.0.0", "bounded.node.http.port", 0))))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("bounded.node.api.token")
        .hasMessageContaining("0.0.0.0");
  }

  @Test
  void nodeCommand_nonLoopbackHostWithoutToken_exits1NamingTheToken(@TempDir Path dir)
      throws Exception {
    Path conf = dir.resolve("open.conf");
    Files.writeString(conf, "bounded.node.http.host = \"0.0.0.0\"\nbounded.node.http.port = 0\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                Main.execute(
                    new PrintWriter(out),
                    new PrintWriter(err),
                    "node",
                    "--config",
                    conf.toString()));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("bounded.node.api.token").contains("refuses to start");
  }
}
