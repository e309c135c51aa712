package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.typesafe.config.ConfigFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheSettingsTest {

  @Test
  void maxEntries_zero_isRejectedWithPathRuleAndValue() {
    assertThat(problemsOf(() -> CacheSettings.fromConfig(with("bounded.cache.max-entries = 0"))))
        .containsExactly("bounded.cache.max-entries must be > 0, but was 0");
  }

  @Test
  void maxEntries_wrongType_isRejectedWithPathRuleAndValue() {
    assertThat(
            problemsOf(
                () -> CacheSettings.fromConfig(with("bounded.cache.max-entries = \"lots\""))))
        .containsExactly("bounded.cache.max-entries must be a whole number, but was \"lots\"");
  }

  @Test
  void maxEntries_missing_isRejectedNamingThePath() {
    assertThat(
            problemsOf(
                () ->
                    CacheSettings.fromConfig(
                        ConfigFactory.parseString(
                            "bounded.cache { max-bytes = 1 MiB, max-key-length = 10, default-ttl = 1h,"
                                + " max-ttl = 2h, eviction = lru, cleanup-interval = 1m,"
                                + " mailbox-capacity = 10 }"))))
        .containsExactly("bounded.cache.max-entries is missing");
  }

  @Test
  void cleanupInterval_infinite_isRejectedNamingThePath() {
    assertThat(
            problemsOf(
                () -> CacheSettings.fromConfig(with("bounded.cache.cleanup-interval = inf"))))
        .containsExactly(
            "bounded.cache.cleanup-interval must be a finite duration (e.g. 20m), but was \"inf\"");
  }

  static Stream<Arguments> brokenRules() {
    String c = "bounded.cache.";
    return Stream.of(
        arguments("max-entries = -5", c + "max-entries must be > 0, but was -5"),
        arguments(
            "max-entries = 100000001", c + "max-entries must be <= 100000000, but was 100000001"),
        arguments("max-bytes = 0", c + "max-bytes must be > 0, but was 0"),
        arguments("max-key-length = 0", c + "max-key-length must be > 0, but was 0"),
        arguments("max-key-length = 65537", c + "max-key-length must be <= 65536, but was 65537"),
        arguments("default-ttl = 0s", c + "default-ttl must be > 0, but was 0ms"),
        arguments("default-ttl = 31d", c + "default-ttl must be <= max-ttl (30d), but was 31d"),
        arguments("max-ttl = -1d", c + "max-ttl must be > 0, but was -1d"),
        arguments(
            "eviction = fifo", c + "eviction must be one of [lru, w-tinylfu], but was \"fifo\""),
        arguments("cleanup-interval = -20m", c + "cleanup-interval must be > 0, but was -20m"),
        arguments("mailbox-capacity = 0", c + "mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            c + "mailbox-capacity must be <= 10000000, but was 10000001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(problemsOf(() -> CacheSettings.fromConfig(with("bounded.cache." + override))))
        .containsExactly(expected);
  }
}
