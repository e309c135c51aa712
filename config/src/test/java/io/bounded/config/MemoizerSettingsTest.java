package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemoizerSettingsTest {

  @Test
  void maxEntries_zero_isRejectedWithPathRuleAndValue() {
    assertThat(
            problemsOf(() -> MemoizerSettings.fromConfig(with("bounded.memoizer.max-entries = 0"))))
        .containsExactly("bounded.memoizer.max-entries must be > 0, but was 0");
  }

  @Test
  void maxEntries_wrongType_isRejectedWithPathRuleAndValue() {
    assertThat(
            problemsOf(
                () -> MemoizerSettings.fromConfig(with("bounded.memoizer.max-entries = \"lots\""))))
        .containsExactly("bounded.memoizer.max-entries must be a whole number, but was \"lots\"");
  }

  @Test
  void ttl_infinite_isRejectedNamingThePath() {
    assertThat(problemsOf(() -> MemoizerSettings.fromConfig(with("bounded.memoizer.ttl = inf"))))
        .containsExactly(
            "bounded.memoizer.ttl must be a finite duration (e.g. 20m), but was \"inf\"");
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        arguments("max-entries = -5", "bounded.memoizer.max-entries must be > 0, but was -5"),
        arguments(
            "max-entries = 100000001",
            "bounded.memoizer.max-entries must be <= 100000000, but was 100000001"),
        arguments(
            "max-entries = 10.5",
            "bounded.memoizer.max-entries must be a whole number, but was 10.5"),
        arguments("ttl = 0s", "bounded.memoizer.ttl must be > 0, but was 0ms"),
        arguments("ttl = -1m", "bounded.memoizer.ttl must be > 0, but was -1m"),
        arguments("negative-ttl = -1s", "bounded.memoizer.negative-ttl must be >= 0, but was -1s"),
        arguments("max-in-flight = 0", "bounded.memoizer.max-in-flight must be > 0, but was 0"),
        arguments(
            "max-in-flight = 100001",
            "bounded.memoizer.max-in-flight must be <= 100000, but was 100001"),
        arguments(
            "compute-timeout = 0s", "bounded.memoizer.compute-timeout must be > 0, but was 0ms"),
        arguments(
            "compute-timeout = infinite",
            "bounded.memoizer.compute-timeout must be a finite duration (e.g. 20m), but was \"infinite\""),
        arguments(
            "eviction = lfu",
            "bounded.memoizer.eviction must be one of [lru, w-tinylfu], but was \"lfu\""),
        arguments(
            "cleanup-interval = -5s", "bounded.memoizer.cleanup-interval must be > 0, but was -5s"),
        arguments(
            "cleanup-interval = inf",
            "bounded.memoizer.cleanup-interval must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments(
            "mailbox-capacity = 0", "bounded.memoizer.mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            "bounded.memoizer.mailbox-capacity must be <= 10000000, but was 10000001"),
        arguments("max-waiters = 0", "bounded.memoizer.max-waiters must be > 0, but was 0"),
        arguments(
            "max-waiters = 10000001",
            "bounded.memoizer.max-waiters must be <= 10000000, but was 10000001"),
        arguments("max-memoizers = 0", "bounded.memoizer.max-memoizers must be > 0, but was 0"),
        arguments(
            "max-memoizers = 10001",
            "bounded.memoizer.max-memoizers must be <= 10000, but was 10001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(problemsOf(() -> MemoizerSettings.fromConfig(with("bounded.memoizer." + override))))
        .containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "max-entries = 1",
        "max-entries = 100000000",
        "negative-ttl = 0s",
        "max-in-flight = 100000",
        "eviction = lru",
        "mailbox-capacity = 1",
        "mailbox-capacity = 10000000",
        "max-waiters = 1",
        "max-memoizers = 1",
        "max-memoizers = 10000"
      })
  void rule_atItsEdge_isAccepted(String override) {
    MemoizerSettings.fromConfig(with("bounded.memoizer." + override));
  }

  @Test
  void severalRules_broken_areAllReportedAtOnce() {
    assertThat(
            problemsOf(
                () ->
                    MemoizerSettings.fromConfig(
                        with("bounded.memoizer { max-entries = 0, ttl = 0s, max-in-flight = 0 }"))))
        .containsExactly(
            "bounded.memoizer.max-entries must be > 0, but was 0",
            "bounded.memoizer.ttl must be > 0, but was 0ms",
            "bounded.memoizer.max-in-flight must be > 0, but was 0");
  }

  @Test
  void section_withoutReference_reportsEveryMissingKey() {
    assertThat(
            problemsOf(
                () ->
                    MemoizerSettings.fromConfig(
                        ConfigFactory.parseString("bounded.memoizer.max-entries = 10"))))
        .containsExactly(
            "bounded.memoizer.ttl is missing",
            "bounded.memoizer.negative-ttl is missing",
            "bounded.memoizer.max-in-flight is missing",
            "bounded.memoizer.compute-timeout is missing",
            "bounded.memoizer.eviction is missing",
            "bounded.memoizer.cleanup-interval is missing",
            "bounded.memoizer.mailbox-capacity is missing",
            "bounded.memoizer.max-waiters is missing",
            "bounded.memoizer.max-memoizers is missing");
  }

  @Test
  void fromConfig_readsEveryKey() {
    MemoizerSettings s =
        MemoizerSettings.fromConfig(
            with(
                "bounded.memoizer { max-entries = 7, ttl = 2m, negative-ttl = 3s, max-in-flight = 4,"
                    + " compute-timeout = 5s, eviction = lru, cleanup-interval = 6m,"
                    + " mailbox-capacity = 8, max-waiters = 9, max-memoizers = 10 }"));
    assertThat(s)
        .isEqualTo(
            new MemoizerSettings(
                7,
                Duration.ofMinutes(2),
                Duration.ofSeconds(3),
                4,
                Duration.ofSeconds(5),
                Eviction.LRU,
                Duration.ofMinutes(6),
                8,
                9,
                10));
  }
}
