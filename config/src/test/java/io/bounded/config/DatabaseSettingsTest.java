package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseSettingsTest {
  private static final String SECRET = "s3cret-Pa55";

  @Test
  void toString_withPassword_masksIt() {
    DatabaseSettings s =
        DatabaseSettings.fromConfig(with("bounded.database.password = \"" + SECRET + "\""));
    assertThat(s.password()).isEqualTo(SECRET);
    assertThat(s.toString()).doesNotContain(SECRET).contains("password=****").contains("user=sa");
  }

  @Test
  void toString_withPasswordInsideUrl_masksIt() {
    DatabaseSettings s =
        DatabaseSettings.fromConfig(
            with(
                "bounded.database.url = \"jdbc:postgresql://app:"
                    + SECRET
                    + "@db:5432/x?ssl=true&password="
                    + SECRET
                    + "\""));
    assertThat(s.toString())
        .doesNotContain(SECRET)
        .contains("jdbc:postgresql://app:****@db:5432/x?ssl=true&password=****");
  }

  @Test
  void problems_withPassword_neverShowIt() {
    InvalidSettingsException e =
        catchThrowableOfType(
            InvalidSettingsException.class,
            () ->
                DatabaseSettings.fromConfig(
                    with(
                        "bounded.database { url = \"mysql://db/x;password="
                            + SECRET
                            + "\", password = [\""
                            + SECRET
                            + "\"] }")));
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .containsExactly(
            "bounded.database.password must be a string, but was a value of another type (not"
                + " shown)");
    assertThat(e.getMessage()).doesNotContain(SECRET);

    InvalidSettingsException badUrl =
        catchThrowableOfType(
            InvalidSettingsException.class,
            () ->
                DatabaseSettings.fromConfig(
                    with("bounded.database.url = \"mysql://db/x;password=" + SECRET + "\"")));
    assertThat(badUrl).isNotNull();
    assertThat(badUrl.problems())
        .containsExactly(
            "bounded.database.url must be a JDBC URL starting with \"jdbc:\", but was"
                + " \"mysql://db/x;password=****\"");
  }

  static Stream<Arguments> brokenRules() {
    String d = "bounded.database.";
    return Stream.of(
        arguments("maximum-pool-size = 0", d + "maximum-pool-size must be > 0, but was 0"),
        arguments(
            "maximum-pool-size = 1001", d + "maximum-pool-size must be <= 1000, but was 1001"),
        arguments(
            "maximum-pool-size = \"lots\"",
            d + "maximum-pool-size must be a whole number, but was \"lots\""),
        arguments("minimum-idle = -1", d + "minimum-idle must be >= 0, but was -1"),
        arguments(
            "minimum-idle = 9", d + "minimum-idle must be <= maximum-pool-size (8), but was 9"),
        arguments(
            "connection-timeout = 100ms", d + "connection-timeout must be >= 250ms, but was 100ms"),
        arguments(
            "connection-timeout = inf",
            d + "connection-timeout must be a finite duration (e.g. 20m), but was \"inf\""),
        arguments("idle-timeout = 5s", d + "idle-timeout must be >= 10s, but was 5s"),
        arguments(
            "idle-timeout = 30m",
            d + "idle-timeout must be at least 1s shorter than max-lifetime (30m), but was 30m"),
        arguments("max-lifetime = 0s", d + "max-lifetime must be >= 30s, but was 0ms"),
        arguments(
            "leak-detection-threshold = 1s",
            d + "leak-detection-threshold must be >= 2s, but was 1s"),
        arguments(
            "leak-detection-threshold = 0s",
            d + "leak-detection-threshold must be >= 2s, but was 0ms"),
        arguments(
            "leak-detection-threshold = 31m",
            d + "leak-detection-threshold must be <= max-lifetime (30m), but was 31m"),
        arguments("max-rows = 0", d + "max-rows must be > 0, but was 0"),
        arguments("max-rows = 10000001", d + "max-rows must be <= 10000000, but was 10000001"),
        arguments("max-pending = -1", d + "max-pending must be > 0, but was -1"),
        arguments("query-timeout = -1s", d + "query-timeout must be >= 0, but was -1s"),
        arguments(
            "query-timeout = 1500ms",
            d
                + "query-timeout must be 0 (no limit) or whole seconds up to 1d (JDBC counts"
                + " seconds), but was 1500ms"),
        arguments(
            "query-timeout = 2d",
            d
                + "query-timeout must be 0 (no limit) or whole seconds up to 1d (JDBC counts"
                + " seconds), but was 2d"),
        arguments("batch-size = 100001", d + "batch-size must be <= 100000, but was 100001"),
        arguments("batch-delay = -1ms", d + "batch-delay must be >= 0, but was -1ms"),
        arguments("writers = 0", d + "writers must be > 0, but was 0"),
        arguments("writers = 9", d + "writers must be <= maximum-pool-size (8), but was 9"),
        arguments("max-in-flight = 0", d + "max-in-flight must be > 0, but was 0"),
        arguments(
            "max-in-flight = 1000001", d + "max-in-flight must be <= 1000000, but was 1000001"),
        arguments(
            "max-transaction-statements = 0",
            d + "max-transaction-statements must be > 0, but was 0"),
        arguments(
            "max-transaction-statements = 100001",
            d + "max-transaction-statements must be <= 100000, but was 100001"),
        arguments(
            "dispatcher.thread-pool-executor.fixed-pool-size = 0",
            d + "dispatcher.thread-pool-executor.fixed-pool-size must be > 0, but was 0"),
        arguments(
            "dispatcher.thread-pool-executor.fixed-pool-size = 1001",
            d + "dispatcher.thread-pool-executor.fixed-pool-size must be <= 1000, but was 1001"),
        arguments(
            "dispatcher.executor = fork-join-executor",
            d
                + "dispatcher.executor must be \"thread-pool-executor\" (JDBC calls block their"
                + " thread), but was \"fork-join-executor\""),
        arguments(
            "dispatcher.type = PinnedDispatcher",
            d + "dispatcher.type must be \"Dispatcher\", but was \"PinnedDispatcher\""),
        arguments("dispatcher.throughput = 0", d + "dispatcher.throughput must be > 0, but was 0"),
        arguments("mailbox-capacity = 0", d + "mailbox-capacity must be > 0, but was 0"),
        arguments(
            "mailbox-capacity = 10000001",
            d + "mailbox-capacity must be <= 10000000, but was 10000001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void rule_broken_isRejectedWithPathRuleAndValue(String override, String expected) {
    assertThat(problemsOf(() -> DatabaseSettings.fromConfig(with("bounded.database." + override))))
        .containsExactly(expected);
  }

  @Test
  void minimumIdle_equalToPoolSize_isAccepted() {
    assertThat(
            DatabaseSettings.fromConfig(
                    with("bounded.database { maximum-pool-size = 3, minimum-idle = 3 }"))
                .minimumIdle())
        .isEqualTo(3);
  }

  @Test
  void newBounds_atTheirLimits_areAccepted() {
    DatabaseSettings s =
        DatabaseSettings.fromConfig(
            with(
                "bounded.database { max-in-flight = 1, max-transaction-statements = 100000,"
                    + " dispatcher.thread-pool-executor.fixed-pool-size = 1000 }"));
    assertThat(s.maxInFlight()).isEqualTo(1);
    assertThat(s.maxTransactionStatements()).isEqualTo(100_000);
    assertThat(s.dispatcherThreads()).isEqualTo(1000);
  }

  @Test
  void defaults_dispatcher_isSizedToThePool() {
    DatabaseSettings s = DatabaseSettings.fromConfig(ConfigFactory.defaultReference());
    assertThat(s.dispatcherThreads()).isEqualTo(s.maximumPoolSize());
  }

  @Test
  void withUrl_keepsEverythingElse() {
    DatabaseSettings s = DatabaseSettings.fromConfig(ConfigFactory.defaultReference());
    DatabaseSettings moved = s.withUrl("jdbc:h2:mem:x");
    assertThat(moved.url()).isEqualTo("jdbc:h2:mem:x");
    assertThat(moved.withUrl(s.url())).isEqualTo(s);
  }

  @Test
  void batching_noLingerAndWritersEqualToThePool_areAccepted() {
    DatabaseSettings s =
        DatabaseSettings.fromConfig(
            with("bounded.database { batch-delay = 0, maximum-pool-size = 3, writers = 3 }"));
    assertThat(s.batchDelay()).isZero();
    assertThat(s.writers()).isEqualTo(3);
  }

  @Test
  void queryTimeout_zeroOrADay_isAccepted() {
    assertThat(
            DatabaseSettings.fromConfig(with("bounded.database.query-timeout = 0")).queryTimeout())
        .isZero();
    assertThat(
            DatabaseSettings.fromConfig(with("bounded.database.query-timeout = 1d")).queryTimeout())
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void defaults_batching_hasNoLingerAndOneWriter() {
    DatabaseSettings s = DatabaseSettings.fromConfig(ConfigFactory.defaultReference());
    assertThat(s.batchDelay()).isZero();
    assertThat(s.writers()).isEqualTo(1);
  }

  @Test
  void leakDetectionThreshold_twoSeconds_isAccepted() {
    DatabaseSettings.fromConfig(with("bounded.database.leak-detection-threshold = 2s"));
  }

  @Test
  void section_withoutReference_reportsEveryMissingKey() {
    assertThat(
            problemsOf(
                () ->
                    DatabaseSettings.fromConfig(
                        ConfigFactory.parseString("bounded.database.max-rows = 10"))))
        .containsExactly(
            "bounded.database.url is missing",
            "bounded.database.user is missing",
            "bounded.database.password is missing",
            "bounded.database.maximum-pool-size is missing",
            "bounded.database.minimum-idle is missing",
            "bounded.database.connection-timeout is missing",
            "bounded.database.idle-timeout is missing",
            "bounded.database.max-lifetime is missing",
            "bounded.database.leak-detection-threshold is missing",
            "bounded.database.query-timeout is missing",
            "bounded.database.max-pending is missing",
            "bounded.database.batch-size is missing",
            "bounded.database.batch-delay is missing",
            "bounded.database.writers is missing",
            "bounded.database.max-in-flight is missing",
            "bounded.database.max-transaction-statements is missing",
            "bounded.database.dispatcher.type is missing",
            "bounded.database.dispatcher.executor is missing",
            "bounded.database.dispatcher.thread-pool-executor.fixed-pool-size is missing",
            "bounded.database.dispatcher.throughput is missing",
            "bounded.database.mailbox-capacity is missing");
  }
}
