package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starting and stopping: coordinated shutdown releases the port and stops the runtime. */
class NodeLifecycleIT {

  @Test
  void adminShutdown_running_answers202ThenStops() throws IOException {
    NodeFixture fx = NodeFixture.start("shutdown", Map.of());
    int port = fx.node.port();
    fx.put("/cache/k", "v");
    HttpResponse<String> r =
        fx.send(fx.request("/admin/shutdown").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(fx.node.awaitTermination(Duration.ofSeconds(30))).isTrue();
    assertThat(fx.node.runtime().system().whenTerminated().isCompleted()).isTrue();
    fx.close(); // idempotent after shutdown
    try (ServerSocket again =
        new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void close_running_stopsRuntimeAndIsIdempotent() {
    NodeFixture fx = NodeFixture.start("close", Map.of());
    assertThat(fx.get("/health").statusCode()).isEqualTo(200);
    fx.close();
    assertThat(fx.node.runtime().isClosed()).isTrue();
    assertThat(fx.node.awaitTermination(Duration.ofSeconds(1))).isTrue();
    fx.close();
  }

  @Test
  void start_portAlreadyBound_failsNamingTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  NodeFixture.start(
                      "taken", Map.of("bounded.node.http.port", taken.getLocalPort())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void startupLine_namesAddressAndBounds() {
    try (NodeFixture fx = NodeFixture.start("line", Map.of("bounded.cache.max-entries", 42))) {
      assertThat(fx.node.startupLine())
          .contains("http://127.0.0.1:" + fx.node.port())
          .contains("cache[max-entries=42, ")
          .contains("memoizer[")
          .contains("event-bus[max-events=5000, ")
          .contains("task-queue[")
          .contains("tracer[")
          .contains("api-gateway[")
          .contains("ip-tracker[")
          .contains("database[url=")
          .contains("max-body=");
    }
  }
}
