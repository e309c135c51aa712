package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of random and malformed requests against a running node, through the JDK client and
 * through raw sockets for request lines no client would build. Whatever arrives: never a 5xx, never
 * a hang (answered or closed within {@link #BOUND}), and afterwards the node is healthy and every
 * component within its capacity.
 */
class FuzzIT {
  static final int MAX_BODY = 64 * 1024;
  static final int CAPACITY = 50;
  static final Duration BOUND = Duration.ofSeconds(15);
  private static final Pattern STATUS = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

  static NodeFixture fx;
  static HttpClient client;

  @BeforeContainer
  static void start() {
    fx =
        NodeFixture.start(
            "fuzz",
            Map.of(
                "bounded.node.http.max-body",
                MAX_BODY,
                "bounded.node.http.request-timeout",
                "5s",
                "bounded.cache.max-bytes",
                16 * 1024,
                "bounded.cache.max-key-length",
                64,
                "bounded.cache.max-entries",
                CAPACITY));
    client =
        HttpClient.newBuilder()
            .connectTimeout(BOUND)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @AfterContainer
  static void stop() {
    try {
      assertHealthyAndBounded();
    } finally {
      fx.close();
    }
  }

  /** GET /health is 200 and every component in /stats holds at most its capacity. */
  static void assertHealthyAndBounded() {
    assertThat(fx.get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> stats = fx.get("/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    JsonNode body = NodeFixture.json(stats);
    int components = 0;
    for (var it = body.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().has("capacity")) {
        components++;
        assertThat(e.getValue().path("size").asLong())
            .as("%s size <= capacity", e.getKey())
            .isLessThanOrEqualTo(e.getValue().path("capacity").asLong());
      }
    }
    assertThat(components).isGreaterThanOrEqualTo(1);
    assertThat(body.path("cache").path("capacity").asLong()).isEqualTo(CAPACITY);
  }

  // ---- through java.net.http

  /** One request the JDK client can send. */
  record Fuzz(String method, String path, List<Map.Entry<String, String>> headers, byte[] body) {
    @Override
    public String toString() {
      return method + " " + path + " " + headers + " body " + (body == null ? 0 : body.length);
    }
  }

  @Property(tries = 1200, shrinking = ShrinkingMode.OFF)
  void anyRequest_viaHttpClient_isNever5xxAndAlwaysAnswered(@ForAll("requests") Fuzz fuzz)
      throws Exception {
    URI uri;
    try {
      uri = fx.uri(fuzz.path());
    } catch (IllegalArgumentException notAUri) {
      return; // the client cannot send it; the raw-socket property covers such lines
    }
    if (uri.getPath() != null && uri.getPath().toLowerCase(Locale.ROOT).contains("shutdown")) {
      return; // POST /admin/shutdown would end the run: it is tested on its own in NodeHttpIT
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(BOUND);
    for (Map.Entry<String, String> h : fuzz.headers()) {
      try {
        b.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException restricted) {
        // the JDK refuses some names and values (Host, Connection, control characters)
      }
    }
    b.method(
        fuzz.method(),
        fuzz.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(fuzz.body()));
    HttpRequest request;
    try {
      request = b.build();
    } catch (IllegalArgumentException unsendable) {
      return;
    }
    HttpResponse<byte[]> r;
    try {
      r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new AssertionError("no answer within " + BOUND + " to " + fuzz, e);
    } catch (IOException closed) {
      return; // the node closed the connection (e.g. after 413 mid-upload): allowed, not a hang
    }
    assertThat(r.statusCode()).as("status of %s", fuzz).isBetween(200, 499);
  }

  @Provide
  Arbitrary<Fuzz> requests() {
    Arbitrary<String> method =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.of("GET", "PUT", "DELETE")),
            Tuple.of(2, Arbitraries.of("POST", "PATCH", "HEAD", "OPTIONS", "TRACE")),
            Tuple.of(
                1, Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12)));
    Arbitrary<List<Map.Entry<String, String>>> headers = header().list().ofMaxSize(6);
    Arbitrary<byte[]> body =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just((byte[]) null)),
            Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(512)),
            Tuple.of(2, json().map(s -> s.getBytes(StandardCharsets.UTF_8))),
            Tuple.of(
                1,
                Arbitraries.integers().between(MAX_BODY / 2, MAX_BODY * 3).map(n -> new byte[n])));
    return Combinators.combine(method, path(), headers, body).as(Fuzz::new);
  }

  private static Arbitrary<String> path() {
    Arbitrary<String> junk =
        Arbitraries.strings()
            .all()
            .ofMaxLength(80)
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
    Arbitrary<String> key =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)),
            Tuple.of(2, junk),
            Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(65).ofMaxLength(600)),
            Tuple.of(
                1, Arbitraries.of("", "%2F", "..", ".", "%00", "%ZZ", "%", "a%2Fb", "%C0%AF")));
    Arbitrary<String> query =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just("")),
            Tuple.of(
                2,
                Arbitraries.of(
                    "?ttl=1",
                    "?ttl=0",
                    "?ttl=-1",
                    "?ttl=abc",
                    "?ttl=99999999999999999999",
                    "?ttl=1&ttl=2",
                    "?ttl=",
                    "?ttl=3601",
                    "?=",
                    "?&&",
                    "?ttl=1.5",
                    "?%ZZ=1")),
            Tuple.of(1, junk.map(s -> "?" + s)));
    Arbitrary<String> base =
        Arbitraries.oneOf(
            key.map(k -> "/cache/" + k),
            key.map(k -> "/cache/" + k + "/" + k),
            Arbitraries.of(
                "/",
                "/cache",
                "/cache/",
                "/health",
                "/stats",
                "/stats/cache",
                "/stats/nope",
                "/metrics",
                "/admin",
                "/admin/config",
                "//cache//x",
                "/cache/../health",
                "/CACHE/x",
                "/health/",
                "/stats/"),
            junk.map(s -> "/" + s));
    return Combinators.combine(base, query).as((b, q) -> b + q);
  }

  private static Arbitrary<Map.Entry<String, String>> header() {
    Arbitrary<String> anyValue = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200);
    Arbitrary<String> traceparent =
        Arbitraries.oneOf(
            anyValue,
            Arbitraries.of(
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "00-00000000000000000000000000000000-0000000000000000-01",
                "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "00-xyz-b7ad6b7169203331-01",
                "00--",
                "",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra"),
            Arbitraries.strings().withChars("0123456789abcdef-").ofMaxLength(60));
    Arbitrary<String> ip =
        Arbitraries.oneOf(
            anyValue,
            Arbitraries.of(
                "999.1.1.1",
                "1.2.3",
                "::::",
                "::1",
                "fe80::1%eth0",
                "1.2.3.4, ,",
                "unknown",
                "256.256.256.256",
                "1.2.3.4:80",
                "[::1]:80",
                "-1.0.0.0",
                "0x7f.1",
                "1.2.3.4, 5.6.7.8, 999.0.0.1"),
            Arbitraries.integers()
                .between(0, 400)
                .list()
                .ofSize(4)
                .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3)));
    return Arbitraries.oneOf(
        traceparent.map(v -> Map.entry("traceparent", v)),
        ip.map(v -> Map.entry("X-Forwarded-For", v)),
        ip.map(v -> Map.entry("X-Real-IP", v)),
        Arbitraries.of(
                "application/json",
                "application/octet-stream",
                "text/plain; charset=utf-9",
                "multipart/form-data; boundary=",
                ";;;",
                "*/*")
            .map(v -> Map.entry("Content-Type", v)),
        Arbitraries.of("Bearer x", "Basic ???", "", "Bearer " + "a".repeat(300))
            .map(v -> Map.entry("Authorization", v)),
        Arbitraries.of("gzip", "deflate", "br", "identity;q=0", "x")
            .map(v -> Map.entry("Content-Encoding", v)),
        Combinators.combine(
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withChars('-')
                    .ofMinLength(1)
                    .ofMaxLength(30),
                anyValue)
            .as(Map::entry));
  }

  private static Arbitrary<String> json() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "{",
            "}",
            "{\"a\":",
            "[1,2",
            "{\"key\":\"v\"}",
            "null",
            "\"\\ud800\"",
            "{\"a\":1e999999}",
            "[".repeat(2000),
            "{\"a\":" + "[".repeat(500) + "}"),
        Arbitraries.strings().withChars("{}[]\":,0123456789abc\\ ").ofMaxLength(300));
  }

  // ---- through raw sockets

  @Property(tries = 600, shrinking = ShrinkingMode.OFF)
  void malformedRequest_viaRawSocket_isNever5xxAndNeverHangs(@ForAll("rawRequests") String raw)
      throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fx.node.port())) {
      s.setSoTimeout((int) BOUND.toMillis());
      long start = System.nanoTime();
      s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      // the client is done: the node must answer or close, never wait for more
      s.shutdownOutput();
      byte[] answer;
      try {
        answer = readAll(s.getInputStream(), 64 * 1024);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer and no close within " + BOUND + " for: " + show(raw));
      } catch (IOException reset) {
        return; // the node reset the connection: closed, not hung
      }
      assertThat(System.nanoTime() - start).isLessThan(BOUND.toNanos());
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      Matcher m = STATUS.matcher(text);
      // every response on the connection (a pipelined second request gets its own)
      while (m.find()) {
        assertThat(Integer.parseInt(m.group(1)))
            .as("status answered to %s: %s", show(raw), text.lines().findFirst().orElse(""))
            .isBetween(100, 499);
      }
    } catch (java.net.SocketException reset) {
      // the node closed before we finished writing: closed, not hung
    }
  }

  private static byte[] readAll(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    while (out.size() < limit && (n = in.read(buf)) != -1) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static String show(String raw) {
    String s = raw.replace("\r", "\\r").replace("\n", "\\n");
    return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + raw.length() + " chars)";
  }

  private static final Set<String> METHODS =
      Set.of("GET", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE");

  @Provide
  Arbitrary<String> rawRequests() {
    Arbitrary<String> method =
        Arbitraries.oneOf(
            Arbitraries.of(METHODS.toArray(String[]::new)),
            Arbitraries.of("get", "G E T", "", "GET\0", "\u00ff\u00fe", "PUT\t"),
            Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20));
    Arbitrary<String> target =
        Arbitraries.oneOf(
            Arbitraries.of(
                "/cache/k",
                "/health",
                "/stats",
                "*",
                "http://evil/cache/k",
                "cache/k",
                "",
                "/cache/%",
                "/cache/%zz",
                "/cache/a b",
                "/cache/\u00e9",
                "/cache/k?ttl=%",
                "/" + "a".repeat(20_000),
                "//",
                "/cache/k#frag",
                "/\0"),
            Arbitraries.strings().withCharRange('!', '~').ofMaxLength(100).map(s -> "/" + s));
    Arbitrary<String> version =
        Arbitraries.of(
            "HTTP/1.1",
            "HTTP/1.0",
            "HTTP/2.0",
            "HTTP/9.9",
            "HTTP/1.1 extra",
            "",
            "http/1.1",
            "HTTP/1",
            "FOO");
    Arbitrary<String> requestLine =
        Arbitraries.oneOf(
            Combinators.combine(method, target, version).as((m, t, v) -> m + " " + t + " " + v),
            Combinators.combine(method, target).as((m, t) -> m + "  " + t),
            Arbitraries.strings().withCharRange('\0', '\u00ff').ofMaxLength(200));
    Arbitrary<String> headerLine =
        Arbitraries.oneOf(
            Arbitraries.of(
                "Host: 127.0.0.1",
                "Host:",
                "Host: a, b",
                "NoColon",
                ": empty-name",
                " leading-space: x",
                "Content-Length: -1",
                "Content-Length: abc",
                "Content-Length: 99999999999999999999",
                "Content-Length: 10",
                "Content-Length: 5\r\nContent-Length: 7",
                "Transfer-Encoding: chunked",
                "Transfer-Encoding: gzip, chunked",
                "Transfer-Encoding: bogus",
                "Expect: 100-continue",
                "Expect: bogus",
                "Connection: upgrade\r\nUpgrade: websocket",
                "traceparent: 00-zz-zz-zz",
                "traceparent: " + "0".repeat(5000),
                "X-Forwarded-For: 999.999.999.999",
                "X-Forwarded-For: " + "1.2.3.4, ".repeat(500),
                "Content-Type: application/json; charset=\u00ff",
                "X-Long: " + "x".repeat(70_000),
                "\tfolded continuation"),
            Arbitraries.strings().withCharRange(' ', '\u00ff').ofMaxLength(120));
    Arbitrary<String> headers = headerLine.list().ofMaxSize(8).map(l -> String.join("\r\n", l));
    Arbitrary<String> body =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().withCharRange('\0', '\u00ff').ofMaxLength(300),
            Arbitraries.of(
                "5\r\nhello\r\n0\r\n\r\n", "zz\r\nbad\r\n", "5\r\nhe", "0\r\n", "ffffffffffff\r\n"),
            Arbitraries.integers().between(1, 3).map(k -> "x".repeat(k * MAX_BODY)));
    Arbitrary<String> ending = Arbitraries.of("\r\n\r\n", "\n\n", "\r\n", "", "\r\r");
    return Combinators.combine(requestLine, headers, ending, body)
        .as((l, h, e, b) -> l + (h.isEmpty() ? "" : "\r\n" + h) + e + b);
  }
}
