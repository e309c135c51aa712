package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} and {@code bench --soak} run from the shaded jar, short, so that neither can rot:
 * the soak at {@code -Xmx128m} as the README promises.
 */
class BenchIT {
  @TempDir Path dir;

  record Exit(int code, String output) {}

  Exit runJar(long timeoutSeconds, List<String> jvm, String... args) throws Exception {
    String jar = System.getProperty("boundedAppJar", "target/bounded-app.jar");
    assumeTrue(Files.isRegularFile(Path.of(jar)), "the shaded jar is built by mvn package");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar));
    command.addAll(List.of(args));
    Path log = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean exited = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exited).as("exited within %d s: %s", timeoutSeconds, output).isTrue();
    return new Exit(p.exitValue(), output);
  }

  @Test
  void soak_shortRunAt128m_keepsSizeWithinCapacityAndHeapFlat() throws Exception {
    Exit e =
        runJar(
            180,
            List.of("-Xmx128m"),
            "bench",
            "--soak",
            "--duration",
            "20s",
            "--warmup",
            "3s",
            "-c",
            writeConfig("bounded.cache.max-entries = 2000\n").toString());
    assertThat(e.code()).as(e.output()).isEqualTo(0);
    assertThat(e.output())
        .contains("cycling 200,000 distinct keys (100 x capacity)")
        .contains("size <= capacity at every sample: yes")
        .contains("soak: PASSED");
    // a sample line per interval, each naming the cache's size
    assertThat(e.output().lines().filter(l -> l.startsWith("soak: t=")).count())
        .isGreaterThanOrEqualTo(8);
  }

  @Test
  void bench_shortRun_printsTheTableAndWritesTheReports() throws Exception {
    Path out = dir.resolve("reports");
    Exit e =
        runJar(
            180,
            List.of(),
            "bench",
            "--components",
            "cache",
            "--duration",
            "1s",
            "--warmup",
            "0s",
            "--out",
            out.toString());
    assertThat(e.code()).as(e.output()).isEqualTo(0);
    assertThat(e.output())
        .contains("cache Get (ask, 1,000 in flight)")
        .contains("baseline: raw LruMap get")
        .contains("cache Put (tell, evicting)")
        .contains("p99.9")
        .contains("peak heap");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.path("rows").size()).isEqualTo(6);
    JsonNode get = report.path("rows").get(0);
    assertThat(get.path("opsPerSecond").asDouble()).isPositive();
    assertThat(get.path("ratio").asDouble()).isPositive();
    assertThat(get.path("latency").path("p99Nanos").asLong()).isPositive();
    assertThat(report.path("heap").size()).isEqualTo(2);
    assertThat(Files.readString(out.resolve("report.md"))).contains("| workload |");
    assertThat(Files.readString(out.resolve("heap.svg")))
        .startsWith("<svg")
        .contains("polyline")
        .contains("unbounded HashMap");
    // not a terminal: no progress bar in the output
    assertThat(e.output()).doesNotContain("\r[");
  }

  @Test
  void bench_unknownComponent_isAUsageError() throws Exception {
    Exit e = runJar(60, List.of(), "bench", "--components", "cache,nope");
    assertThat(e.code()).as(e.output()).isEqualTo(2);
    assertThat(e.output()).contains("no workload named \"nope\"").contains("available: cache");
  }

  private Path writeConfig(String hocon) throws Exception {
    Path f = dir.resolve("bench.conf");
    Files.writeString(f, hocon, StandardCharsets.UTF_8);
    return f;
  }
}
