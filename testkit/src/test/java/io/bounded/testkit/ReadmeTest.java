package io.bounded.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import io.bounded.config.BoundedSettings;
import io.bounded.config.InvalidSettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's code is copied from tests that run; this keeps the copies honest. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..");

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"));
  }

  /**
   * The lines between README-BEGIN and README-END markers of a test source, without indentation.
   */
  private static String snippet(String source, String name) throws IOException {
    String text = Files.readString(ROOT.resolve(source));
    String begin = "// README-BEGIN " + name;
    String end = "// README-END " + name;
    String body = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
    return strip(body);
  }

  private static String strip(String block) {
    return Arrays.stream(block.split("\n"))
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void embeddingExample_matchesTheTestThatRunsIt() throws IOException {
    String snippet =
        snippet(
            "actors/src/test/java/io/bounded/actors/runtime/EmbeddingExampleTest.java",
            "embedding");
    assertThat(snippet.lines().count()).isLessThanOrEqualTo(15);
    assertThat(strip(readme())).contains(snippet);
  }

  @Test
  void testkitExample_matchesTheTestThatRunsIt() throws IOException {
    String snippet =
        snippet(
            "testkit/src/test/java/io/bounded/testkit/BoundedRuntimeExtensionTest.java", "testkit");
    assertThat(strip(readme())).contains(snippet);
  }

  @Test
  void contractExample_matchesTheTestThatRunsIt() throws IOException {
    String snippet =
        snippet("testkit/src/test/java/io/bounded/testkit/CacheContractTest.java", "contract");
    assertThat(strip(readme())).contains(snippet);
  }

  @Test
  void configErrorExample_isWhatTheRuntimeSays() throws IOException {
    InvalidSettingsException e =
        catchThrowableOfType(
            InvalidSettingsException.class,
            () ->
                BoundedSettings.fromConfig(
                    ConfigFactory.parseString(
                            "bounded.cache.max-entries = 0\nbounded.event-bus.retention = forever")
                        .withFallback(ConfigFactory.defaultReference())));
    assertThat(strip(readme())).contains(strip(e.getMessage()));
  }
}
