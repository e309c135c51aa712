package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.config.ApiGatewaySettings;
import io.bounded.config.CacheSettings;
import io.bounded.config.IpTrackerSettings;
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
        Audit.cache(c).bytes()
            + Audit.taskQueue(TaskQueueSettings.fromConfig(ConfigFactory.defaultReference()))
                .bytes()
            + Audit.apiGateway(ApiGatewaySettings.fromConfig(ConfigFactory.defaultReference()))
                .bytes()
            + Audit.ipTracker(IpTrackerSettings.fromConfig(ConfigFactory.defaultReference()))
                .bytes()
            + Audit.tracer(
                    io.bounded.config.TracerSettings.fromConfig(ConfigFactory.defaultReference()))
                .bytes();
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
}
