package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.config.BoundedSettings;
import io.bounded.config.CacheSettings;
import io.bounded.config.MemoizerSettings;
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
  void memoizerEstimate_defaults_isResultsPlusWaitersPlusInboxesOfEveryMemoizer() {
    MemoizerSettings m = MemoizerSettings.fromConfig(ConfigFactory.defaultReference());
    long n = m.maxMemoizers();
    assertThat(Audit.memoizer(m).bytes())
        .isEqualTo(
            n * m.maxEntries() * 120 + n * m.maxWaiters() * 200L + n * m.mailboxCapacity() * 72L);
  }
}
