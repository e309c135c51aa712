package io.bounded.actors.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.protocols.DropCause;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import io.bounded.protocols.tracer.TracerProtocol.TraceSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TraceStoreTest {
  record Removal(String traceId, int spans, DropCause cause) {}

  private final List<Removal> removed = new ArrayList<>();

  private TraceStore store(int maxTraces, int maxSpans) {
    return new TraceStore(
        maxTraces, maxSpans, (id, spans, cause) -> removed.add(new Removal(id, spans, cause)));
  }

  static String trace(int i) {
    return String.format("%032x", i + 1);
  }

  static SpanData span(String traceId, int i, String parent, String service) {
    return new SpanData(
        traceId,
        String.format("%016x", i + 1),
        parent,
        "",
        service,
        "op" + i,
        SpanKind.INTERNAL,
        1_000L * i,
        1_000L * i + 500,
        Map.of(),
        List.of(),
        List.of(),
        SpanStatus.UNSET,
        "",
        0,
        0,
        0);
  }

  @Test
  void add_maxTracesOne_evictsPreviousTraceBySize() {
    TraceStore s = store(1, 100);
    s.add(span(trace(0), 0, "", "a"), 10, 0);
    s.add(span(trace(1), 1, "", "a"), 10, 1);
    assertThat(s.traces()).isEqualTo(1);
    assertThat(s.get(trace(0))).isNull();
    assertThat(s.get(trace(1))).hasSize(1);
    assertThat(removed).containsExactly(new Removal(trace(0), 1, DropCause.SIZE));
    assertThat(s.bytes()).isEqualTo(10);
  }

  @Test
  void add_exactlyFull_evictsNothing_fullPlusOne_evictsLeastRecentlyUpdated() {
    TraceStore s = store(3, 100);
    for (int i = 0; i < 3; i++) {
      s.add(span(trace(i), i, "", "a"), 1, i);
    }
    assertThat(removed).isEmpty();
    // trace 0 gets a new span: trace 1 is now the least recently updated
    s.add(span(trace(0), 10, String.format("%016x", 1), "a"), 1, 5);
    s.add(span(trace(3), 3, "", "a"), 1, 6);
    assertThat(removed).extracting(Removal::traceId).containsExactly(trace(1));
    assertThat(s.traces()).isEqualTo(3);
    assertThat(s.spans()).isEqualTo(4);
  }

  @Test
  void add_overMaxSpans_evictsOtherTraces_andRefusesSpanOfAFullTrace() {
    TraceStore s = store(10, 2);
    s.add(span(trace(0), 0, "", "a"), 1, 0);
    s.add(span(trace(1), 1, "", "a"), 1, 1);
    s.add(span(trace(1), 2, "", "a"), 1, 2);
    assertThat(removed).extracting(Removal::traceId).containsExactly(trace(0));
    assertThat(s.spans()).isEqualTo(2);
    assertThat(s.add(span(trace(1), 3, "", "a"), 1, 3)).isFalse();
    assertThat(s.get(trace(1))).hasSize(2);
  }

  @Test
  void expire_removesOnlyTracesUpdatedAtOrBeforeCutoff() {
    TraceStore s = store(10, 100);
    s.add(span(trace(0), 0, "", "a"), 1, 100);
    s.add(span(trace(1), 1, "", "a"), 1, 200);
    s.add(span(trace(2), 2, "", "a"), 1, 300);
    assertThat(s.expire(200)).isEqualTo(2);
    assertThat(removed)
        .extracting(Removal::cause)
        .containsExactly(DropCause.EXPIRED, DropCause.EXPIRED);
    assertThat(s.get(trace(2))).hasSize(1);
  }

  @Test
  void recent_newestFirst_filteredByService_limited() {
    TraceStore s = store(10, 100);
    s.add(span(trace(0), 0, "", "a"), 1, 0);
    s.add(span(trace(1), 1, "", "b"), 1, 1);
    s.add(span(trace(2), 2, "", "a"), 1, 2);
    s.add(span(trace(3), 3, "", "a"), 1, 3);
    assertThat(s.recent(null, 2))
        .extracting(TraceSummary::traceId)
        .containsExactly(trace(3), trace(2));
    assertThat(s.recent("a", 10))
        .extracting(TraceSummary::traceId)
        .containsExactly(trace(3), trace(2), trace(0));
    assertThat(s.recent("nobody", 10)).isEmpty();
  }

  @Test
  void summary_namesRootAndCountsErrors() {
    TraceStore s = store(10, 100);
    String t = trace(0);
    SpanData child = span(t, 1, String.format("%016x", 1), "svc");
    SpanData root = span(t, 0, "", "svc");
    SpanData evicted =
        new SpanData(
            t,
            String.format("%016x", 9),
            root.spanId(),
            "",
            "svc",
            "late",
            SpanKind.CLIENT,
            5,
            6,
            Map.of(),
            List.of(),
            List.of(),
            SpanStatus.EVICTED,
            "",
            0,
            0,
            0);
    s.add(child, 1, 0);
    s.add(root, 1, 1);
    s.add(evicted, 1, 2);
    TraceSummary summary = s.recent(null, 1).get(0);
    assertThat(summary.rootName()).isEqualTo("op0");
    assertThat(summary.spanCount()).isEqualTo(3);
    assertThat(summary.errorCount()).isEqualTo(1);
    assertThat(s.get(t)).extracting(SpanData::startEpochNanos).isSorted();
  }

  @Property(tries = 200)
  void anySequence_staysWithinBothBounds(
      @ForAll @IntRange(min = 1, max = 8) int maxTraces,
      @ForAll @IntRange(min = 1, max = 20) int maxSpans,
      @ForAll @Size(max = 150) List<@IntRange(min = 0, max = 12) Integer> traceChoices) {
    TraceStore s = store(maxTraces, maxSpans);
    int i = 0;
    for (int choice : traceChoices) {
      if (choice == 12) {
        s.expire(i - 5);
      } else {
        s.add(span(trace(choice), i, "", "a"), 3, i);
      }
      i++;
      assertThat(s.traces()).isLessThanOrEqualTo(maxTraces);
      assertThat(s.spans()).isLessThanOrEqualTo(maxSpans);
      assertThat(s.bytes()).isEqualTo(3L * s.spans());
    }
  }
}
