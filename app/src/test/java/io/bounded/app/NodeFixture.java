package io.bounded.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A node started in this JVM on a free loopback port, and a real HTTP client talking to it. */
final class NodeFixture implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final Node node;
  final HttpClient client =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  private final String token;

  private NodeFixture(Node node, String token) {
    this.node = node;
    this.token = token;
  }

  /** A node on port 0 with {@code settings} over the defaults. */
  static NodeFixture start(String name, Map<String, Object> settings) {
    Map<String, Object> m = new HashMap<>();
    m.put("bounded.node.http.host", "127.0.0.1");
    m.put("bounded.node.http.port", 0);
    m.put("bounded.node.data-dir", "target/it-data/" + name);
    m.put("bounded.node.http.shutdown-deadline", "2s");
    m.put("bounded.api-gateway.listen-port", 0);
    m.putAll(settings);
    return new NodeFixture(
        Node.start(config(m)), String.valueOf(m.getOrDefault("bounded.node.api.token", "")));
  }

  static Config config(Map<String, Object> settings) {
    return ConfigFactory.parseMap(settings);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + node.port() + pathAndQuery);
  }

  /** A request builder for {@code path}, with the bearer token when the node has one. */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
    if (!token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> sendBytes(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> put(String path, byte[] body) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  HttpResponse<String> put(String path, String body) {
    return put(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE().build());
  }

  HttpResponse<String> method(String method, String path) {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) over a plain socket, for
   * requests the JDK client refuses to build; answers the whole response.
   */
  String raw(String head) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.port())) {
      s.setSoTimeout((int) TIMEOUT.toMillis());
      String auth = token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n";
      s.getOutputStream()
          .write(
              (head + "\r\nHost: 127.0.0.1\r\n" + auth + "Connection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
