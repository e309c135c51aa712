package io.bounded.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Redis 7 on loopback as the baseline of the node's HTTP cache: starts {@code redis-server} on a
 * free loopback port (no persistence), runs {@code redis-benchmark -t set,get} against it as a
 * subprocess, parses its CSV, and stops the server. Output of both processes goes to files under
 * the bench's output directory, never to a pipe that could fill.
 */
final class RedisBaseline {
  /** How to get the two programs on Debian and Ubuntu. */
  static final String INSTALL_HINT =
      "apt-get update && apt-get install -y redis-server  (provides redis-server and"
          + " redis-benchmark)";

  private static final long START_TIMEOUT_MILLIS = 10_000;
  private static final long BENCHMARK_TIMEOUT_MINUTES = 15;

  /**
   * One {@code redis-benchmark} test's figures.
   *
   * @param test {@code SET} or {@code GET}
   * @param rps requests per second
   * @param p50Millis median latency
   * @param p99Millis 99th percentile latency
   * @param maxMillis highest latency
   */
  record Figures(String test, double rps, double p50Millis, double p99Millis, double maxMillis) {}

  private RedisBaseline() {}

  /** Whether {@code redis-server} and {@code redis-benchmark} are both on the PATH. */
  static boolean installed() {
    return onPath("redis-server") && onPath("redis-benchmark");
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The benchmark command line, as run (and printed in the report). */
  static List<String> benchmarkCommand(int port, int clients, long requests) {
    return List.of(
        "redis-benchmark",
        "-h",
        "127.0.0.1",
        "-p",
        String.valueOf(port),
        "-t",
        "set,get",
        "-c",
        String.valueOf(clients),
        "-n",
        String.valueOf(requests),
        "-d",
        String.valueOf(HttpLoad.VALUE_BYTES),
        "-r",
        String.valueOf(HttpLoad.KEYSPACE),
        "--csv");
  }

  /**
   * Starts a server, benchmarks it, stops it.
   *
   * @param dir where the two processes' output files go
   * @return the figures by test name ({@code SET}, {@code GET}) and the command that was run
   */
  static Map.Entry<String, Map<String, Figures>> run(Path dir, int clients, long requests)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = freePort();
    Process server =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-server.log").toFile())
            .start();
    try {
      awaitPong(port, server);
      List<String> command = benchmarkCommand(port, clients, requests);
      Path out = dir.resolve("redis-benchmark.csv");
      Process bench =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!bench.waitFor(BENCHMARK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        bench.destroyForcibly();
        throw new IOException(
            "redis-benchmark did not finish within " + BENCHMARK_TIMEOUT_MINUTES + " minutes");
      }
      String csv = Files.readString(out, StandardCharsets.UTF_8);
      if (bench.exitValue() != 0) {
        throw new IOException("redis-benchmark exited " + bench.exitValue() + ": " + csv);
      }
      return Map.entry(String.join(" ", command), parseCsv(csv));
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** Parses {@code redis-benchmark --csv} output: a header line, then one line per test. */
  static Map<String, Figures> parseCsv(String csv) throws IOException {
    Map<String, Figures> figures = new LinkedHashMap<>();
    List<String> header = null;
    for (String line : csv.split("\\R")) {
      if (!line.startsWith("\"")) {
        continue; // progress output or blank lines
      }
      List<String> cells = cells(line);
      if (header == null) {
        header = cells;
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < Math.min(header.size(), cells.size()); i++) {
        row.put(header.get(i), cells.get(i));
      }
      try {
        figures.put(
            row.get("test"),
            new Figures(
                row.get("test"),
                Double.parseDouble(row.get("rps")),
                Double.parseDouble(row.getOrDefault("p50_latency_ms", "-1")),
                Double.parseDouble(row.getOrDefault("p99_latency_ms", "-1")),
                Double.parseDouble(row.getOrDefault("max_latency_ms", "-1"))));
      } catch (NumberFormatException | NullPointerException e) {
        throw new IOException("cannot read redis-benchmark line: " + line, e);
      }
    }
    if (figures.isEmpty()) {
      throw new IOException("redis-benchmark printed no results: " + csv);
    }
    return figures;
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.split(",")) {
      cells.add(cell.replace("\"", "").trim());
    }
    return cells;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits until the server answers PING, at most {@link #START_TIMEOUT_MILLIS}. */
  private static void awaitPong(int port, Process server) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    IOException last = null;
    while (System.nanoTime() - deadline < 0) {
      if (!server.isAlive()) {
        throw new IOException("redis-server exited " + server.exitValue() + " at start");
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(1_000);
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[7];
        int n = in.readNBytes(buf, 0, 7);
        if (new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(50);
    }
    throw new IOException(
        "redis-server did not answer PING within " + START_TIMEOUT_MILLIS + " ms", last);
  }
}
