package io.bounded.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped reference.conf is valid and holds the defaults DESIGN.md promises. */
class ReferenceConfTest {
  private static final BoundedSettings DEFAULTS = BoundedSettings.defaults();

  @Test
  void referenceConf_nodeSection_isValidAndLoopbackWithoutToken() {
    NodeSettings node = NodeSettings.fromConfig(ConfigFactory.defaultReference());
    assertThat(node.httpHost()).isEqualTo("127.0.0.1");
    assertThat(node.tokenRequired()).isFalse();
  }

  @Test
  void defaults_cache_matchDesign() {
    assertThat(DEFAULTS.cache().maxEntries()).isEqualTo(10_000);
    assertThat(DEFAULTS.cache().cleanupInterval()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void defaults_tracer_matchDesign() {
    assertThat(DEFAULTS.tracer().maxActiveSpans()).isEqualTo(10_000);
    assertThat(DEFAULTS.tracer().cleanupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(DEFAULTS.tracer().retention()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void defaults_apiGateway_matchDesign() {
    assertThat(DEFAULTS.apiGateway().maxRoutes()).isEqualTo(5_000);
    assertThat(DEFAULTS.apiGateway().maxCircuitBreakers()).isEqualTo(5_000);
    assertThat(DEFAULTS.apiGateway().cleanupInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(DEFAULTS.apiGateway().routes()).isEmpty();
  }

  @Test
  void defaults_eventBus_matchDesign() {
    assertThat(DEFAULTS.eventBus().maxSubscriptions()).isEqualTo(5_000);
    assertThat(DEFAULTS.eventBus().maxEvents()).isEqualTo(5_000);
    assertThat(DEFAULTS.eventBus().cleanupInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(DEFAULTS.eventBus().retention()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void defaults_taskQueue_matchDesign() {
    assertThat(DEFAULTS.taskQueue().maxTasks()).isEqualTo(10_000);
    assertThat(DEFAULTS.taskQueue().cleanupInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(DEFAULTS.taskQueue().completedRetention()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void defaults_ipTrackerAndMemoizer_matchDesign() {
    assertThat(DEFAULTS.ipTracker().maxAddresses()).isEqualTo(50_000);
    assertThat(DEFAULTS.memoizer().maxEntries()).isEqualTo(1_000);
  }

  @Test
  void defaults_database_leaveOutNoPasswordAndAreAnEmbeddedH2() {
    assertThat(DEFAULTS.database().url()).isEqualTo("jdbc:h2:file:./data/bounded-db");
    assertThat(DEFAULTS.database().password()).isEmpty();
  }

  @Test
  void defaults_everyBound_isFiniteAndPositive() {
    assertThat(DEFAULTS.memoizer().mailboxCapacity()).isEqualTo(10_000);
    assertThat(DEFAULTS.taskQueue().backoff().type())
        .isEqualTo(TaskQueueSettings.Backoff.Type.EXPONENTIAL);
    assertThat(DEFAULTS.tracer().export().exporter()).isEqualTo(TracerSettings.Exporter.NONE);
    assertThat(DEFAULTS.ipTracker().allow()).isEmpty();
  }

  /** Every key of every component section: removing it must be reported, so no key goes unread. */
  static Stream<Arguments> everyKey() {
    Config reference = ConfigFactory.defaultReference();
    Map<String, Function<Config, ?>> sections =
        Map.of(
            CacheSettings.PATH, CacheSettings::fromConfig,
            MemoizerSettings.PATH, MemoizerSettings::fromConfig,
            EventBusSettings.PATH, EventBusSettings::fromConfig,
            TaskQueueSettings.PATH, TaskQueueSettings::fromConfig,
            TracerSettings.PATH, TracerSettings::fromConfig,
            ApiGatewaySettings.PATH, ApiGatewaySettings::fromConfig,
            IpTrackerSettings.PATH, IpTrackerSettings::fromConfig,
            DatabaseSettings.PATH, DatabaseSettings::fromConfig,
            NodeSettings.PATH, NodeSettings::fromConfig);
    return sections.entrySet().stream()
        .flatMap(
            section ->
                reference.getConfig(section.getKey()).entrySet().stream()
                    .map(Map.Entry<String, ConfigValue>::getKey)
                    .sorted()
                    .map(key -> Arguments.of(section.getKey() + "." + key, section.getValue())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKey")
  void referenceKey_removed_isReportedMissing(String path, Function<Config, ?> read) {
    Config without = ConfigFactory.defaultReference().withoutPath(path);
    InvalidSettingsException e =
        catchThrowableOfType(InvalidSettingsException.class, () -> read.apply(without));
    assertThat(e).as("removing %s must be reported", path).isNotNull();
    assertThat(e.problems()).isEqualTo(List.of(path + " is missing"));
  }
}
