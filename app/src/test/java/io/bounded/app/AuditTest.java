package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.config.ApiGatewaySettings;
import io.bounded.config.BoundedSettings;
import io.bounded.config.CacheSettings;
import io.bounded.config.DatabaseSettings;
import io.bounded.config.IpTrackerSettings;
import io.bounded.config.MemoizerSettings;
import io.bounded.config.TaskQueueSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AuditTest {
  @Test
  void cacheEstimate_defaults_isValuesPlusEntriesPlusInbox() {
    CacheSettings c = CacheSettings.fromConfig(ConfigFactory.defaultReference());
    Audit.Estimate e = Audit.cache(c);
    long expected =
        c.maxBytes() + c.maxEntries() * (2L * c.maxKeyLength() + 100) + c.mailboxCapacity() * 72L;
    assertThat(e.bytes()).isEqualTo(expected);
    assertThat(e.bounds())
        .containsKeys("bounded.cache.max-entries", "bounded.cache.cleanup-interval");
  }

  @Test
  void run_estimateAboveFraction_failsWithOneReason() {
    StringWriter out = new StringWriter();
    CacheSettings c = CacheSettings.fromConfig(ConfigFactory.defaultReference());
    long estimate =
        Audit.estimates(BoundedSettings.fromConfig(ConfigFactory.defaultReference())).stream()
            .mapToLong(Audit.Estimate::bytes)
            .sum();
    // exactly at the allowed share passes; one byte of heap less fails
    Audit.Result atLimit =
        Audit.run(ConfigFactory.defaultReference(), estimate * 2, "test", new PrintWriter(out));
    assertThat(atLimit.ok()).isTrue();
    Audit.Result over =
        Audit.run(ConfigFactory.defaultReference(), estimate * 2 - 2, "test", new PrintWriter(out));
    assertThat(over.ok()).isFalse();
    assertThat(over.reasons()).singleElement().asString().contains("worst-case memory estimate");
  }

  @Test
  void taskQueueEstimate_defaults_isPayloadsPlusTasksPlusInbox() {
    TaskQueueSettings t = TaskQueueSettings.fromConfig(ConfigFactory.defaultReference());
    Audit.Estimate e = Audit.taskQueue(t);
    long perTask = 2L * (2L * t.maxKeyLength() + t.maxErrorLength()) + 400;
    long expected =
        t.maxBytes()
            + (t.maxTasks() + (long) t.maxFinished()) * perTask
            + t.mailboxCapacity() * 72L;
    assertThat(e.bytes()).isEqualTo(expected);
    assertThat(e.bounds())
        .containsKeys("bounded.task-queue.max-tasks", "bounded.task-queue.cleanup-interval");
  }

  @Test
  void gatewayAndTrackerEstimates_defaults_countEveryBound() {
    ApiGatewaySettings g = ApiGatewaySettings.fromConfig(ConfigFactory.defaultReference());
    assertThat(Audit.apiGateway(g).bytes())
        .isEqualTo(
            g.maxRoutes() * 1024L
                + g.maxCircuitBreakers() * (g.circuitBreaker().slidingWindowSize() + 200L)
                + g.responseCache().maxBytes()
                + g.mailboxCapacity() * 72L);
    IpTrackerSettings t = IpTrackerSettings.fromConfig(ConfigFactory.defaultReference());
    assertThat(Audit.ipTracker(t).bytes())
        .isEqualTo(
            t.maxAddresses() * (250L + 8L * t.ban().maxFailures()) + t.mailboxCapacity() * 72L);
  }

  @Test
  void databaseEstimate_defaults_isWritesRequestsRowsConnectionsAndInbox() {
    DatabaseSettings d = DatabaseSettings.fromConfig(ConfigFactory.defaultReference());
    long expected =
        (d.maxPending() + 2L * d.writers() * d.batchSize() + 1) * 256
            + (d.maxInFlight() + d.dispatcherThreads()) * 256L
            + d.dispatcherThreads() * (d.maxRows() + 1L) * 256
            + d.maximumPoolSize() * 64L * 1024
            + d.mailboxCapacity() * 72L;
    assertThat(Audit.database(d).bytes()).isEqualTo(expected);
    assertThat(Audit.database(d).bounds()).doesNotContainKey("bounded.database.password");
    // each writer holds a group forming and a group being written
    DatabaseSettings four =
        DatabaseSettings.fromConfig(
            ConfigFactory.parseString("bounded.database.writers = 4")
                .withFallback(ConfigFactory.defaultReference()));
    assertThat(Audit.database(four).bytes() - Audit.database(d).bytes())
        .isEqualTo(2L * 3 * d.batchSize() * 256);
    assertThat(Audit.database(four).bounds()).containsEntry("bounded.database.writers", "4");
  }

  @Test
  void poolProblem_dispatcherSizedToThePool_isNone_otherwiseNamesBoth() {
    assertThat(Audit.poolProblem(pool(8, 8))).isNull();
    assertThat(Audit.poolProblem(pool(8, 4)))
        .contains("fixed-pool-size (4) must equal bounded.database.maximum-pool-size (8)")
        .contains("4 connections could never be used");
    assertThat(Audit.poolProblem(pool(1, 2))).contains("1 JDBC threads would block");
  }

  @Test
  void run_poolLargerThanDispatcher_fails() {
    StringWriter out = new StringWriter();
    Audit.Result r =
        Audit.run(
            ConfigFactory.parseString("bounded.database.maximum-pool-size = 9")
                .withFallback(ConfigFactory.defaultReference()),
            Long.MAX_VALUE / 4,
            "test",
            new PrintWriter(out));
    assertThat(r.ok()).isFalse();
    assertThat(r.reasons()).singleElement().asString().contains("must equal");
  }

  private static DatabaseSettings pool(int size, int threads) {
    return DatabaseSettings.fromConfig(
        ConfigFactory.parseString(
                "bounded.database { maximum-pool-size = "
                    + size
                    + ", minimum-idle = 0, dispatcher.thread-pool-executor.fixed-pool-size = "
                    + threads
                    + " }")
            .withFallback(ConfigFactory.defaultReference()));
  }

  @Test
  void memoizerEstimate_defaults_isResultsPlusWaitersPlusInboxesOfEveryMemoizer() {
    MemoizerSettings m = MemoizerSettings.fromConfig(ConfigFactory.defaultReference());
    long n = m.maxMemoizers();
    assertThat(Audit.memoizer(m).bytes())
        .isEqualTo(
            n * m.maxEntries() * 120 + n * m.maxWaiters() * 200L + n * m.mailboxCapacity() * 72L);
  }
}
