package io.bounded.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk} as the node's load generator, the HTTP counterpart of {@code redis-benchmark}: a C
 * program outside the node's JVM, so that the node is measured rather than a Java HTTP client
 * sharing its cores. {@code clients} keep-alive connections, one request at a time each (no
 * pipelining, like {@code redis-benchmark} without {@code -P}), random keys among {@link
 * HttpLoad#KEYSPACE}, {@link HttpLoad#VALUE_BYTES}-byte PUT bodies, from a Lua script written next
 * to its output.
 */
final class WrkLoad {
  /** How to get it on Debian and Ubuntu. */
  static final String INSTALL_HINT = "apt-get update && apt-get install -y wrk";

  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h)");
  private static final Pattern LATENCY_LINE =
      Pattern.compile(
          "^\\s*Latency\\s+([\\d.]+)(us|ms|s)\\s+([\\d.]+)(us|ms|s)\\s+([\\d.]+)(us|ms|s)",
          Pattern.MULTILINE);
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)", Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  /**
   * What one run printed, read.
   *
   * @param requests requests completed
   * @param elapsedNanos how long the run took, by wrk's count
   * @param p50Nanos median latency
   * @param p99Nanos 99th percentile
   * @param maxNanos highest latency
   * @param bad responses other than 2xx/3xx plus socket errors
   */
  record Figures(
      long requests, long elapsedNanos, long p50Nanos, long p99Nanos, long maxNanos, long bad) {}

  private WrkLoad() {}

  /** Whether {@code wrk} is on the PATH. */
  static boolean installed() {
    return RedisBaseline.onPath("wrk");
  }

  /** The Lua script of {@code op}: random keys, and for PUT a fixed body. */
  static String script(HttpLoad.Op op) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < HttpLoad.VALUE_BYTES; i++) {
      body.append((char) ('a' + i % 26));
    }
    String request =
        op == HttpLoad.Op.PUT
            ? "wrk.format(\"PUT\", path, {[\"Content-Type\"] = \"application/octet-stream\"}, \""
                + body
                + "\")"
            : "wrk.format(\"GET\", path)";
    return "-- written by bounded bench: "
        + op
        + " /cache/key-N, N random in [0, "
        + HttpLoad.KEYSPACE
        + ")\n"
        + "local counter = 0\n"
        + "function setup(thread)\n"
        + "  counter = counter + 1\n"
        + "  thread:set(\"seed\", counter)\n"
        + "end\n"
        + "function init(args)\n"
        + "  math.randomseed(seed or 1)\n"
        + "end\n"
        + "function request()\n"
        + "  local path = \"/cache/key-\" .. math.random(0, "
        + (HttpLoad.KEYSPACE - 1)
        + ")\n"
        + "  return "
        + request
        + "\n"
        + "end\n";
  }

  /** The command line of one run, as run (and printed in the report). */
  static List<String> command(Path script, String baseUri, int clients, Duration duration) {
    long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
    List<String> c = new ArrayList<>();
    c.add("wrk");
    c.add("-t" + Math.min(2, clients));
    c.add("-c" + clients);
    c.add("-d" + seconds + "s");
    c.add("--latency");
    c.add("-s");
    c.add(script.toString());
    c.add(baseUri);
    return c;
  }

  /**
   * Runs wrk once against {@code baseUri} for {@code duration}; its output goes to a file under
   * {@code dir}, never to a pipe that could fill.
   */
  static Figures run(Path dir, String name, HttpLoad.Op op, String baseUri, int clients, Duration d)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path script = dir.resolve("wrk-" + op.name().toLowerCase(Locale.ROOT) + ".lua");
    Files.writeString(script, script(op), StandardCharsets.UTF_8);
    Path out = dir.resolve("wrk-" + name + ".txt");
    Process p =
        new ProcessBuilder(command(script, baseUri, clients, d))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    long limit = d.toSeconds() + 60;
    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("wrk did not finish within " + limit + " s");
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("wrk exited " + p.exitValue() + ": " + text);
    }
    return parse(text);
  }

  /** Reads wrk's report (with {@code --latency}). */
  static Figures parse(String text) throws IOException {
    Matcher total = TOTAL.matcher(text);
    if (!total.find()) {
      throw new IOException("cannot read wrk's output: " + text);
    }
    long requests = Long.parseLong(total.group(1));
    long elapsed = nanos(total.group(2), total.group(3));
    long max = -1;
    Matcher line = LATENCY_LINE.matcher(text);
    if (line.find()) {
      max = nanos(line.group(5), line.group(6));
    }
    long p50 = -1;
    long p99 = -1;
    Matcher pct = PERCENTILE.matcher(text);
    while (pct.find()) {
      long v = nanos(pct.group(2), pct.group(3));
      if (pct.group(1).equals("50")) {
        p50 = v;
      } else {
        p99 = v;
      }
    }
    long bad = 0;
    Matcher non2xx = NON_2XX.matcher(text);
    if (non2xx.find()) {
      bad += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(text);
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        bad += Long.parseLong(socket.group(i));
      }
    }
    return new Figures(requests, elapsed, p50, p99, max, bad);
  }

  private static long nanos(String value, String unit) {
    double v = Double.parseDouble(value);
    double factor =
        switch (unit) {
          case "us" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          case "m" -> 60e9;
          case "h" -> 3600e9;
          default -> throw new IllegalArgumentException("unit " + unit);
        };
    return Math.round(v * factor);
  }
}
