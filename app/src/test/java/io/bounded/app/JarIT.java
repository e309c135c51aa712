package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar runs on its own ({@code reference.conf} merged, main class in the manifest). */
class JarIT {
  @TempDir Path dir;

  record Exit(int code, String output) {}

  /**
   * Runs the jar with {@code args}, waiting at most a minute; output goes to a file, never a full
   * pipe.
   */
  Exit runJar(String... args) throws Exception {
    String jar = System.getProperty("boundedAppJar", "target/bounded-app.jar");
    assumeTrue(Files.isRegularFile(Path.of(jar)), "the shaded jar is built by mvn package");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar));
    command.addAll(List.of(args));
    Path log = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = p.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(exited).as("the jar exited within a minute").isTrue();
    return new Exit(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void shadedJar_version_printsVersionAndExits0() throws Exception {
    Exit e = runJar("--version");
    assertThat(e.code()).as(e.output()).isEqualTo(0);
    assertThat(e.output()).startsWith("bounded 0.");
  }

  @Test
  void shadedJar_audit_loadsMergedReferenceConf() throws Exception {
    Exit e = runJar("audit", "--max-heap", "1g");
    assertThat(e.code()).as(e.output()).isEqualTo(0);
    assertThat(e.output()).contains("bounded.cache.max-entries").contains("OK");
  }
}
