package io.bounded.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream for gateway tests: the JDK's HTTP server on a free loopback port. It answers
 * {@code <name> <method> <path?query>}, records what it received, and can be told to answer a
 * status, to hold answers until released, or to add headers.
 */
final class Upstream implements AutoCloseable {
  /** One request as the upstream saw it. */
  record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return String.join(", ", e.getValue());
        }
      }
      return null;
    }
  }

  final String name;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  volatile int status = 200;

  /** While positive, the next calls answer 503 and count it down. */
  final AtomicInteger failNext = new AtomicInteger();

  final Map<String, String> responseHeaders = new ConcurrentHashMap<>();
  volatile CountDownLatch hold;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  Upstream(String name) {
    this.name = name;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    calls.incrementAndGet();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(
        new Seen(
            ex.getRequestMethod(),
            ex.getRequestURI().toString(),
            Map.copyOf(ex.getRequestHeaders()),
            body));
    CountDownLatch h = hold;
    if (h != null) {
      try {
        // a slow upstream: bounded, released by the test
        h.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int code = failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? 503 : status;
    byte[] out =
        (name + " " + ex.getRequestMethod() + " " + ex.getRequestURI())
            .getBytes(StandardCharsets.UTF_8);
    responseHeaders.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Content-Type", "text/plain");
    ex.getResponseHeaders().add("Connection", "keep-alive");
    ex.getResponseHeaders().add("Keep-Alive", "timeout=5");
    ex.sendResponseHeaders(code, ex.getRequestMethod().equals("HEAD") ? -1 : out.length);
    if (!ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseBody().write(out);
    }
    ex.close();
  }

  Seen last() {
    return seen.get(seen.size() - 1);
  }

  @Override
  public void close() {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    server.stop(0);
    threads.shutdownNow();
  }
}
