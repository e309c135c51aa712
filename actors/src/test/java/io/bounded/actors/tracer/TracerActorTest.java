package io.bounded.actors.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.TracerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.tracer.TracerProtocol.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracerActorTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "TracerActorTest", ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TestClock clock = new TestClock();
  private TestProbe<Reply> replies;
  private TestProbe<ComponentStats> stats;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void probes() {
    replies = testKit.createTestProbe(Reply.class);
    stats = testKit.createTestProbe(ComponentStats.class);
  }

  static TracerSettings settings(String overrides) {
    return TracerSettings.fromConfig(
        ConfigFactory.parseString("bounded.tracer {" + overrides + "}")
            .withFallback(ConfigFactory.defaultReference()));
  }

  private ActorRef<Command> tracer(String overrides) {
    return tracer(settings(overrides), null);
  }

  private ActorRef<Command> tracer(TracerSettings settings, SpanExporter exporter) {
    return testKit.spawn(TracerActor.create(settings, clock, new LongAdder(), exporter));
  }

  private final String trace = TraceIds.newTraceId();

  private StartSpan start(String spanId, SpanContext parent, Map<String, Object> attrs) {
    return new StartSpan(
        trace,
        spanId,
        parent,
        "svc",
        "op-" + spanId,
        SpanKind.INTERNAL,
        attrs,
        List.of(),
        null,
        replies.ref().narrow());
  }

  private SpanContext open(ActorRef<Command> tracer, String spanId) {
    tracer.tell(start(spanId, null, Map.of()));
    Reply r = replies.receiveMessage();
    assertThat(r).isInstanceOf(Started.class);
    return ((Started) r).context();
  }

  private Reply end(ActorRef<Command> tracer, String spanId) {
    tracer.tell(new EndSpan(spanId, SpanStatus.OK, "", null, replies.ref().narrow()));
    return replies.receiveMessage();
  }

  private List<SpanData> storedTrace(ActorRef<Command> tracer, String traceId) {
    tracer.tell(new GetTrace(traceId, replies.ref().narrow()));
    Reply r = replies.receiveMessage();
    return r instanceof TraceFound found ? found.spans() : null;
  }

  private ComponentStats stats(ActorRef<Command> tracer) {
    tracer.tell(new GetStats(stats.ref()));
    return stats.receiveMessage();
  }

  private static String span(int i) {
    return String.format("%016x", i + 1);
  }

  // ---- bounds on open spans

  @Test
  void start_capacityOne_evictsOpenSpanAsEvicted() {
    ActorRef<Command> tracer = tracer("max-active-spans = 1");
    open(tracer, span(0));
    open(tracer, span(1));
    ComponentStats s = stats(tracer);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.evictions()).isEqualTo(1);
    assertThat(s.byCause(DropCause.SIZE)).isEqualTo(1);
    List<SpanData> stored = storedTrace(tracer, trace);
    assertThat(stored)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.spanId()).isEqualTo(span(0));
              assertThat(d.status()).isEqualTo(SpanStatus.EVICTED);
              assertThat(d.statusMessage()).contains("max-active-spans");
            });
    // the evicted span can no longer be ended; the open one can
    assertThat(end(tracer, span(0))).isEqualTo(new NotActive(span(0)));
    assertThat(end(tracer, span(1))).isInstanceOf(Ended.class);
  }

  @Test
  void start_exactlyFull_evictsNothing_fullPlusOne_evictsLeastRecentlyTouched() {
    ActorRef<Command> tracer = tracer("max-active-spans = 3");
    for (int i = 0; i < 3; i++) {
      open(tracer, span(i));
    }
    assertThat(stats(tracer).evictions()).isZero();
    assertThat(stats(tracer).size()).isEqualTo(3);
    // touching span 0 makes span 1 the least recently touched
    tracer.tell(new AddEvent(span(0), "touch", Map.of(), null));
    open(tracer, span(3));
    List<SpanData> stored = storedTrace(tracer, trace);
    assertThat(stored).extracting(SpanData::spanId).containsExactly(span(1));
    assertThat(stats(tracer).size()).isEqualTo(3);
  }

  @Test
  void start_sameSpanIdTwice_isRejected() {
    ActorRef<Command> tracer = tracer("");
    open(tracer, span(0));
    tracer.tell(start(span(0), null, Map.of()));
    assertThat(replies.receiveMessage()).isInstanceOf(Rejected.class);
    assertThat(stats(tracer).size()).isEqualTo(1);
  }

  @Test
  void start_malformedIdsOrNames_isRejectedWithReasonAndChangesNothing() {
    ActorRef<Command> tracer = tracer("");
    tracer.tell(
        new StartSpan(
            "XYZ",
            span(0),
            null,
            "svc",
            "n",
            SpanKind.SERVER,
            Map.of(),
            List.of(),
            null,
            replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("trace id must be 32");
    tracer.tell(
        new StartSpan(
            trace,
            "0000000000000000",
            null,
            "svc",
            "n",
            SpanKind.SERVER,
            Map.of(),
            List.of(),
            null,
            replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("all zeros");
    tracer.tell(
        new StartSpan(
            trace,
            span(1),
            null,
            "",
            "n",
            SpanKind.SERVER,
            Map.of(),
            List.of(),
            null,
            replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("service");
    SpanContext otherTrace = new SpanContext(TraceIds.newTraceId(), span(5), true, "");
    tracer.tell(start(span(2), otherTrace, Map.of()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("parent's trace id");
    ComponentStats s = stats(tracer);
    assertThat(s.size()).isZero();
    assertThat(s.rejections()).isEqualTo(4);
  }

  @Test
  void end_withTracerOwnStatus_isRejected() {
    ActorRef<Command> tracer = tracer("");
    open(tracer, span(0));
    tracer.tell(new EndSpan(span(0), SpanStatus.EVICTED, "", null, replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("only by the tracer");
    assertThat(stats(tracer).size()).isEqualTo(1);
  }

  @Test
  void end_openSpan_isStoredWithParentEventsAndStatus() {
    ActorRef<Command> tracer = tracer("");
    SpanContext root = open(tracer, span(0));
    tracer.tell(start(span(1), root, Map.of("http.method", "GET")));
    replies.receiveMessage();
    tracer.tell(new AddEvent(span(1), "cache miss", Map.of("key", "k"), null));
    tracer.tell(new SetAttributes(span(1), Map.of("http.status_code", 200)));
    clock.advance(Duration.ofMillis(7));
    Ended ended = (Ended) end(tracer, span(1));
    assertThat(ended.span().parentSpanId()).isEqualTo(span(0));
    assertThat(ended.span().attributes())
        .containsEntry("http.method", "GET")
        .containsEntry("http.status_code", 200L);
    assertThat(ended.span().events()).extracting(SpanEvent::name).containsExactly("cache miss");
    assertThat(ended.span().endEpochNanos() - ended.span().startEpochNanos()).isEqualTo(7_000_000L);
    assertThat(storedTrace(tracer, trace)).hasSize(1);
  }

  @Test
  void spanLimits_excessAttributesEventsAndLinks_areDroppedAndCountedOnTheSpan() {
    ActorRef<Command> tracer =
        tracer(
            "span-limits { max-attributes = 2, max-events = 1, max-links = 1,"
                + " max-attribute-value-length = 4 }");
    SpanLink link = new SpanLink(trace, span(9), "", Map.of());
    tracer.tell(
        new StartSpan(
            trace,
            span(0),
            null,
            "svc",
            "op",
            SpanKind.SERVER,
            Map.of("a", "123456", "b", 1L, "c", 2L),
            List.of(link, link),
            null,
            replies.ref().narrow()));
    replies.receiveMessage();
    tracer.tell(new AddEvent(span(0), "e1", Map.of(), null));
    tracer.tell(new AddEvent(span(0), "e2", Map.of(), null));
    tracer.tell(new SetAttributes(span(0), Map.of("d", true)));
    SpanData d = ((Ended) end(tracer, span(0))).span();
    assertThat(d.attributes()).hasSize(2);
    assertThat(d.droppedAttributes()).isEqualTo(2);
    assertThat(d.events()).hasSize(1);
    assertThat(d.droppedEvents()).isEqualTo(1);
    assertThat(d.links()).hasSize(1);
    assertThat(d.droppedLinks()).isEqualTo(1);
    if (d.attributes().containsKey("a")) {
      assertThat(d.attributes().get("a")).isEqualTo("1234");
    }
    assertThat(stats(tracer).gauge("dropped-attributes")).isEqualTo(2);
  }

  @Test
  void start_ratioZeroRoot_isNotRecorded_butChildOfSampledParentIs() {
    ActorRef<Command> tracer = tracer("sample-ratio = 0");
    SpanContext root = open(tracer, span(0));
    assertThat(root.sampled()).isFalse();
    assertThat(stats(tracer).size()).isZero();
    SpanContext remote = new SpanContext(trace, span(7), true, "k=v");
    tracer.tell(start(span(1), remote, Map.of()));
    SpanContext child = ((Started) replies.receiveMessage()).context();
    assertThat(child.sampled()).isTrue();
    assertThat(child.traceState()).isEqualTo("k=v");
    ComponentStats s = stats(tracer);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.gauge("unsampled")).isEqualTo(1);
  }

  // ---- the tick

  @Test
  void cleanup_spanOpenPastMaxDuration_isEndedAsOrphaned() {
    ActorRef<Command> tracer = tracer("max-span-duration = 10m, cleanup-interval = 5m");
    open(tracer, span(0));
    clock.advance(Duration.ofMinutes(6));
    open(tracer, span(1));
    clock.advance(Duration.ofMinutes(5));
    manualTime.timePasses(Duration.ofMinutes(5));
    replies.awaitAssert(
        WAIT,
        () -> {
          ComponentStats s = stats(tracer);
          assertThat(s.cleanupRuns()).isEqualTo(1);
          assertThat(s.size()).isEqualTo(1);
          assertThat(s.byCause(DropCause.ORPHANED)).isEqualTo(1);
          return null;
        });
    assertThat(storedTrace(tracer, trace))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.spanId()).isEqualTo(span(0));
              assertThat(d.status()).isEqualTo(SpanStatus.ORPHANED);
            });
  }

  @Test
  void cleanup_traceOlderThanRetention_isDroppedAndCountedExpired() {
    ActorRef<Command> tracer = tracer("retention = 30m, cleanup-interval = 5m");
    open(tracer, span(0));
    end(tracer, span(0));
    clock.advance(Duration.ofMinutes(31));
    manualTime.timePasses(Duration.ofMinutes(5));
    replies.awaitAssert(
        WAIT,
        () -> {
          assertThat(stats(tracer).expirations()).isEqualTo(1);
          return null;
        });
    tracer.tell(new GetTrace(trace, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isEqualTo(new TraceNotFound(trace));
  }

  @Test
  void store_pastMaxTraces_dropsLeastRecentlyUpdatedTrace() {
    ActorRef<Command> tracer = tracer("max-traces = 1, default-query-limit = 1");
    open(tracer, span(0));
    end(tracer, span(0));
    String other = TraceIds.newTraceId();
    tracer.tell(
        new StartSpan(
            other,
            span(1),
            null,
            "svc",
            "op",
            SpanKind.SERVER,
            Map.of(),
            List.of(),
            null,
            replies.ref().narrow()));
    replies.receiveMessage();
    end(tracer, span(1));
    assertThat(storedTrace(tracer, trace)).isNull();
    assertThat(storedTrace(tracer, other)).hasSize(1);
    ComponentStats s = stats(tracer);
    assertThat(s.gauge("stored-traces")).isEqualTo(1);
  }

  @Test
  void maxBytes_manyLargeOpenSpans_staysWithinBudgetByEvictingOpenSpans() {
    ActorRef<Command> tracer = tracer("max-bytes = 1 MiB, max-active-spans = 100000");
    String big = "x".repeat(4000);
    for (int i = 0; i < 300; i++) {
      Map<String, Object> attrs = Map.of("payload", big);
      tracer.tell(start(span(i), null, attrs));
      assertThat(replies.receiveMessage()).isInstanceOf(Started.class);
    }
    ComponentStats s = stats(tracer);
    assertThat(s.gauge("bytes")).isLessThanOrEqualTo(1024 * 1024);
    assertThat(s.byCause(DropCause.BYTES)).isGreaterThan(0);
    assertThat(s.size()).isLessThan(300);
  }

  // ---- ingestion

  @Test
  void ingest_mixOfValidAndInvalidSpans_storesValidOnes_countsTheRest() {
    ActorRef<Command> tracer = tracer("");
    SpanData good = TraceStoreTest.span(trace, 0, "", "remote");
    SpanData badId =
        new SpanData(
            "nothex",
            span(1),
            "",
            "",
            "remote",
            "op",
            SpanKind.SERVER,
            0,
            1,
            Map.of(),
            List.of(),
            List.of(),
            SpanStatus.OK,
            "",
            0,
            0,
            0);
    SpanData backwards =
        new SpanData(
            trace,
            span(2),
            "",
            "",
            "remote",
            "op",
            SpanKind.SERVER,
            10,
            1,
            Map.of(),
            List.of(),
            List.of(),
            SpanStatus.OK,
            "",
            0,
            0,
            0);
    tracer.tell(new IngestSpans(List.of(good, badId, backwards), replies.ref().narrow()));
    Ingested r = (Ingested) replies.receiveMessage();
    assertThat(r.accepted()).isEqualTo(1);
    assertThat(r.rejected()).isEqualTo(2);
    assertThat(r.firstProblem()).contains("trace id");
    assertThat(storedTrace(tracer, trace)).containsExactly(good);
    tracer.tell(new FindTraces("remote", 5, replies.ref().narrow()));
    assertThat(((TracesFound) replies.receiveMessage()).traces())
        .extracting(TraceSummary::traceId)
        .containsExactly(trace);
  }

  @Test
  void findTraces_limitOutOfRange_isRejected() {
    ActorRef<Command> tracer = tracer("max-traces = 10, default-query-limit = 5");
    tracer.tell(new FindTraces(null, 11, replies.ref().narrow()));
    assertThat(((Rejected) replies.receiveMessage()).reason()).contains("max-traces (10)");
    tracer.tell(new FindTraces(null, 0, replies.ref().narrow()));
    assertThat(replies.receiveMessage()).isInstanceOf(Rejected.class);
  }

  // ---- export

  /** Records batches; completes each when told (or at once). */
  static final class ControlledExporter implements SpanExporter {
    final List<List<SpanData>> batches = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    volatile boolean hold;

    @Override
    public CompletionStage<Void> export(List<SpanData> batch) {
      batches.add(batch);
      CompletableFuture<Void> f = new CompletableFuture<>();
      if (hold) {
        pending.add(f);
      } else {
        f.complete(null);
      }
      return f;
    }

    int spans() {
      return batches.stream().mapToInt(List::size).sum();
    }

    void release() {
      hold = false;
      pending.forEach(f -> f.complete(null));
    }
  }

  @Test
  void export_batchesNeverExceedMaxBatch_andEverySpanIsExportedOnce() {
    ControlledExporter exporter = new ControlledExporter();
    ActorRef<Command> tracer =
        tracer(settings("export { queue-size = 64, max-batch = 8, delay = 1s }"), exporter);
    for (int i = 0; i < 20; i++) {
      open(tracer, span(i));
      end(tracer, span(i));
    }
    // the last partial batch waits for export.delay, on the system's (manual) scheduler
    replies.awaitAssert(
        WAIT,
        () -> {
          manualTime.timePasses(Duration.ofSeconds(1));
          assertThat(exporter.spans()).isEqualTo(20);
          return null;
        });
    assertThat(exporter.batches).allSatisfy(b -> assertThat(b.size()).isBetween(1, 8));
    replies.awaitAssert(
        WAIT,
        () -> {
          assertThat(stats(tracer).gauge("exported")).isEqualTo(20);
          return null;
        });
  }

  @Test
  void export_slowExporter_queueBoundHolds_dropsCounted_restExportedAfterRelease() {
    ControlledExporter exporter = new ControlledExporter();
    exporter.hold = true;
    int queueSize = 16;
    int maxBatch = 4;
    ActorRef<Command> tracer =
        tracer(
            settings(
                "max-active-spans = 1000, export { queue-size = "
                    + queueSize
                    + ", max-batch = "
                    + maxBatch
                    + ", delay = 10ms, timeout = 1h }"),
            exporter);
    int total = 200;
    for (int i = 0; i < total; i++) {
      open(tracer, span(i));
      end(tracer, span(i));
    }
    ComponentStats held = stats(tracer);
    long drops = held.byCause(DropCause.EXPORT_QUEUE_FULL);
    // at most the queue, one batch in the exporter, one batch forming and the element the
    // grouping stage has pulled are held
    assertThat(total - drops).isLessThanOrEqualTo(queueSize + 2L * maxBatch + 1);
    assertThat(drops).isEqualTo(held.gauge("export-queue-drops")).isPositive();
    assertThat(held.drops()).isEqualTo(drops);
    // every span is still stored
    assertThat(storedTrace(tracer, trace)).hasSize(total);
    exporter.release();
    replies.awaitAssert(
        WAIT,
        () -> {
          exporter.release();
          manualTime.timePasses(Duration.ofMillis(10));
          assertThat(stats(tracer).gauge("exported")).isEqualTo(total - drops);
          return null;
        });
    assertThat(stats(tracer).gauge("export-queued-bytes")).isZero();
  }

  @Test
  void export_exporterTimesOut_batchCountedAsFailed() {
    ControlledExporter exporter = new ControlledExporter();
    exporter.hold = true;
    ActorRef<Command> tracer =
        tracer(settings("export { max-batch = 2, delay = 10ms, timeout = 100ms }"), exporter);
    open(tracer, span(0));
    end(tracer, span(0));
    replies.awaitAssert(
        WAIT,
        () -> {
          manualTime.timePasses(Duration.ofMillis(10));
          ComponentStats s = stats(tracer);
          assertThat(s.gauge("export-failures")).isEqualTo(1);
          assertThat(s.byCause(DropCause.EXPORT_FAILED)).isEqualTo(1);
          assertThat(s.gauge("export-queued-bytes")).isZero();
          return null;
        });
  }

  @Test
  void fileExporter_writesOneJsonLinePerSpan_creatingTheDirectory(@TempDir Path dir)
      throws Exception {
    Path target = dir.resolve("nested/traces");
    TracerSettings s =
        settings(
            "export { exporter = file, delay = 10ms, file-directory = \""
                + target.toString().replace("\\", "/")
                + "\" }");
    ActorRef<Command> tracer = testKit.spawn(TracerActor.create(s, clock, new LongAdder()));
    open(tracer, span(0));
    end(tracer, span(0));
    open(tracer, span(1));
    end(tracer, span(1));
    Path file = target.resolve("spans.jsonl");
    replies.awaitAssert(
        WAIT,
        () -> {
          manualTime.timePasses(Duration.ofMillis(10));
          assertThat(file).exists();
          assertThat(Files.readAllLines(file)).hasSize(2);
          return null;
        });
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    Collections.sort(lines);
    assertThat(lines.get(0))
        .startsWith("{\"traceId\":\"" + trace + "\"")
        .contains("\"status\":\"OK\"");
  }
}
