package io.bounded.actors.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.config.TracerSettings.SpanLimits;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanLimiterTest {
  private final SpanLimiter limiter = new SpanLimiter(new SpanLimits(2, 1, 1, 5));

  @Test
  void putAll_pastMaxAttributes_dropsAndCountsTheExcess_butReplacesExistingKeys() {
    Map<String, Object> target = new LinkedHashMap<>();
    Map<String, Object> add = new LinkedHashMap<>();
    add.put("a", 1L);
    add.put("b", 2L);
    add.put("c", 3L);
    assertThat(limiter.putAll(target, add)).isEqualTo(1);
    assertThat(target).containsOnlyKeys("a", "b");
    assertThat(limiter.putAll(target, Map.of("a", 9L))).isZero();
    assertThat(target).containsEntry("a", 9L);
  }

  @Test
  void putAll_longValuesAreCut_longKeysDropped() {
    Map<String, Object> target = new LinkedHashMap<>();
    Map<String, Object> add = new LinkedHashMap<>();
    add.put("s", "abcdefgh");
    add.put("list", List.of("123456", "x"));
    assertThat(limiter.putAll(target, add)).isZero();
    assertThat(target).containsEntry("s", "abcde").containsEntry("list", List.of("12345", "x"));
    assertThat(limiter.putAll(new LinkedHashMap<>(), Map.of("toolongkey", "v"))).isEqualTo(1);
  }

  @Test
  void limit_ingestedSpanOverEveryLimit_isCutAndCounted() {
    SpanData s = TraceStoreTest.span(TraceStoreTest.trace(0), 0, "", "svc");
    Map<String, Object> attrs = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      attrs.put("k" + i, "v");
    }
    List<SpanEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(new SpanEvent("e" + i, 1, Map.of(), 0));
    }
    SpanData big =
        new SpanData(
            s.traceId(),
            s.spanId(),
            "",
            "",
            "svc",
            "n",
            s.kind(),
            0,
            1,
            attrs,
            events,
            List.of(),
            s.status(),
            "",
            1,
            0,
            0);
    SpanData cut = limiter.limit(big);
    assertThat(cut.attributes()).hasSize(2);
    assertThat(cut.droppedAttributes()).isEqualTo(1 + 2);
    assertThat(cut.events()).hasSize(1);
    assertThat(cut.droppedEvents()).isEqualTo(2);
  }

  @Test
  void limit_spanWithinLimits_isReturnedAsIs() {
    SpanData s = TraceStoreTest.span(TraceStoreTest.trace(0), 0, "", "svc");
    assertThat(limiter.limit(s)).isSameAs(s);
  }
}
