package io.bounded.actors.tracer;

import io.bounded.actors.support.ComponentCounters;
import io.bounded.actors.support.LruMap;
import io.bounded.config.RuntimeSettings;
import io.bounded.config.TracerSettings;
import io.bounded.protocols.DropCause;
import io.bounded.protocols.tracer.TracerProtocol;
import io.bounded.protocols.tracer.TracerProtocol.AddEvent;
import io.bounded.protocols.tracer.TracerProtocol.Command;
import io.bounded.protocols.tracer.TracerProtocol.EndSpan;
import io.bounded.protocols.tracer.TracerProtocol.Ended;
import io.bounded.protocols.tracer.TracerProtocol.FindTraces;
import io.bounded.protocols.tracer.TracerProtocol.GetStats;
import io.bounded.protocols.tracer.TracerProtocol.GetTrace;
import io.bounded.protocols.tracer.TracerProtocol.IngestSpans;
import io.bounded.protocols.tracer.TracerProtocol.Ingested;
import io.bounded.protocols.tracer.TracerProtocol.NotActive;
import io.bounded.protocols.tracer.TracerProtocol.Rejected;
import io.bounded.protocols.tracer.TracerProtocol.SetAttributes;
import io.bounded.protocols.tracer.TracerProtocol.SpanContext;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanEvent;
import io.bounded.protocols.tracer.TracerProtocol.SpanLink;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import io.bounded.protocols.tracer.TracerProtocol.StartSpan;
import io.bounded.protocols.tracer.TracerProtocol.Started;
import io.bounded.protocols.tracer.TracerProtocol.TraceFound;
import io.bounded.protocols.tracer.TracerProtocol.TraceNotFound;
import io.bounded.protocols.tracer.TracerProtocol.TracesFound;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracer: open spans, finished traces and their export, each bounded.
 *
 * <p><b>State.</b> Open spans in an access-ordered {@link LruMap} keyed by span id (starting,
 * touching with an event or attribute, and ending all count as use); finished traces in a {@link
 * TraceStore} ordered by last update; an export stream ({@code Source.queue} → {@code
 * groupedWithin} → {@code mapAsync(1)} → exporter) unless the exporter is {@code none}.
 *
 * <p><b>Bounds.</b> At most {@code max-active-spans} open spans: a start past it ends the
 * least-recently-touched span with status {@code EVICTED} (stored and exported like any other,
 * cause {@code size}). At most {@code max-traces} traces and {@code max-spans-stored} spans stored:
 * the least recently updated trace goes (cause {@code size}). At most {@code max-bytes} estimated
 * bytes over open, stored and queued spans ({@link SpanSizes}; a queued span is counted again even
 * while stored, so the bound is conservative): room is made by dropping stored traces first (cause
 * {@code bytes}), then — only for local spans — evicting open spans. An export that finds no room,
 * or a full queue ({@code export.queue-size}), is dropped and counted ({@code export-queue-full},
 * with a WARN at most every {@value #WARN_EVERY_SECONDS} s); a failed or timed-out batch is counted
 * ({@code export-failed}). Span limits cut what a span holds and count it on the span.
 *
 * <p><b>Tick.</b> Every {@code cleanup-interval}: one pass over the open spans ends those open
 * longer than {@code max-span-duration} as {@code ORPHANED}; stored traces last updated more than
 * {@code retention} ago are dropped (a walk from the eldest that stops at the first fresh one). A
 * failing tick is logged and counted.
 *
 * <p><b>Never blocks.</b> The exporter runs inside the stream; file, log and HTTP work runs on the
 * blocking dispatcher. The stream reports back through atomics, never by touching actor fields. The
 * stream is completed (flushing what is queued) when the actor stops or restarts.
 */
public final class TracerActor extends AbstractBehavior<Command> {

  /** The component's name in stats, metrics and logs. */
  public static final String NAME = "tracer";

  /** Least time between two WARN lines about dropped or failed exports. */
  static final int WARN_EVERY_SECONDS = 10;

  private static final Logger EXPORT_LOG = LoggerFactory.getLogger(TracerActor.class);

  private enum CleanupTick implements TracerProtocol.Internal {
    INSTANCE
  }

  /** A span waiting for export, with the bytes it holds of the budget. */
  private record Queued(SpanData span, long bytes) {}

  private final TracerSettings settings;
  private final Clock clock;
  private final ParentRatioSampler sampler;
  private final SpanLimiter limiter;
  private final SpanExporter exporter;

  private final LruMap<String, ActiveSpan> active;
  private final TraceStore store;
  private final BoundedSourceQueue<Queued> queue;

  private final ComponentCounters counters;
  private long activeBytes;
  // Written by the export stream, read here.
  private final AtomicLong queuedBytes = new AtomicLong();
  private final LongAdder exported = new LongAdder();
  private final LongAdder exportFailures = new LongAdder();
  private final LongAdder exportFailedSpans = new LongAdder();
  private final AtomicLong lastFailureWarnMillis = new AtomicLong(Long.MIN_VALUE);
  private long exportFailedSpansSeen;
  private long queueDrops;
  private long queueDropsSinceWarn;
  private long lastDropWarnMillis = Long.MIN_VALUE;
  private long unsampled;
  private long ingested;
  private long ingestRejected;
  private long droppedAttributes;
  private long droppedEvents;
  private long droppedLinks;
  private long evictedSpans;
  private long orphanedSpans;

  /**
   * A tracer with the exporter named by {@code bounded.tracer.export.exporter}.
   *
   * @param mailboxOverflows the runtime's count of messages this actor's bounded inbox refused
   */
  public static Behavior<Command> create(
      TracerSettings settings, Clock clock, LongAdder mailboxOverflows) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  var blocking =
                      ctx.getSystem()
                          .dispatchers()
                          .lookup(
                              DispatcherSelector.fromConfig(
                                  RuntimeSettings.BLOCKING_DISPATCHER_PATH));
                  SpanExporter exporter = SpanExporters.create(settings.export(), blocking);
                  return new TracerActor(ctx, timers, settings, clock, mailboxOverflows, exporter);
                }));
  }

  /**
   * A tracer exporting to {@code exporter} whatever {@code export.exporter} says (tests,
   * benchmarks, applications with their own exporter).
   *
   * @param exporter where batches go, or {@code null} to only store spans
   */
  public static Behavior<Command> create(
      TracerSettings settings, Clock clock, LongAdder mailboxOverflows, SpanExporter exporter) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new TracerActor(ctx, timers, settings, clock, mailboxOverflows, exporter)));
  }

  private TracerActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      TracerSettings settings,
      Clock clock,
      LongAdder mailboxOverflows,
      SpanExporter exporter) {
    super(context);
    this.settings = settings;
    this.clock = clock;
    this.sampler = new ParentRatioSampler(settings.sampleRatio());
    this.limiter = new SpanLimiter(settings.spanLimits());
    this.exporter = exporter;
    this.counters = new ComponentCounters(NAME, clock, mailboxOverflows);
    this.active = new LruMap<>(settings.maxActiveSpans(), this::onEvictedBySize);
    this.store =
        new TraceStore(settings.maxTraces(), settings.maxSpansStored(), this::onTraceRemoved);
    this.queue = exporter == null ? null : startExport(context, exporter);
    timers.startTimerWithFixedDelay(CleanupTick.INSTANCE, settings.cleanupInterval());
    context
        .getLog()
        .debug(
            "tracer started: max-active-spans {}, max-traces {}, max-bytes {}, exporter {}",
            settings.maxActiveSpans(),
            settings.maxTraces(),
            settings.maxBytes(),
            settings.export().exporter().configName());
  }

  private BoundedSourceQueue<Queued> startExport(
      ActorContext<Command> context, SpanExporter exporter) {
    TracerSettings.Export export = settings.export();
    long timeoutMillis = export.timeout().toMillis();
    // Source.queue: a full queue answers Dropped at once, so the actor counts the span and goes on.
    return Source.<Queued>queue(export.queueSize())
        .groupedWithin(export.maxBatch(), export.delay())
        .mapAsync(1, batch -> exportBatch(exporter, batch, timeoutMillis))
        .to(Sink.ignore())
        .run(Materializer.matFromSystem(context.getSystem()));
  }

  /** One batch through the exporter; completes normally whatever happens, having counted it. */
  private CompletableFuture<Integer> exportBatch(
      SpanExporter exporter, List<Queued> batch, long timeoutMillis) {
    List<SpanData> spans = new ArrayList<>(batch.size());
    long bytes = 0;
    for (Queued q : batch) {
      spans.add(q.span());
      bytes += q.bytes();
    }
    long batchBytes = bytes;
    CompletableFuture<Void> call;
    try {
      // copy(): the timeout must not complete a future the exporter owns
      call = exporter.export(spans).toCompletableFuture().copy();
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .handle(
            (ok, error) -> {
              queuedBytes.addAndGet(-batchBytes);
              if (error == null) {
                exported.add(spans.size());
              } else {
                exportFailures.increment();
                exportFailedSpans.add(spans.size());
                warnExportFailure(spans.size(), error);
              }
              return spans.size();
            });
  }

  private void warnExportFailure(int spans, Throwable error) {
    long now = clock.millis();
    long last = lastFailureWarnMillis.get();
    if (now - last >= WARN_EVERY_SECONDS * 1000L
        && lastFailureWarnMillis.compareAndSet(last, now)) {
      Throwable cause =
          error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      EXPORT_LOG.warn(
          "tracer: export of {} spans failed ({}); {} batches failed so far",
          spans,
          cause instanceof java.util.concurrent.TimeoutException
              ? "no answer within bounded.tracer.export.timeout ("
                  + settings.export().timeout()
                  + ")"
              : cause.toString(),
          exportFailures.sum());
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartSpan.class, this::onStart)
        .onMessage(AddEvent.class, this::onAddEvent)
        .onMessage(SetAttributes.class, this::onSetAttributes)
        .onMessage(EndSpan.class, this::onEnd)
        .onMessage(IngestSpans.class, this::onIngest)
        .onMessage(GetTrace.class, this::onGetTrace)
        .onMessage(FindTraces.class, this::onFindTraces)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(CleanupTick.INSTANCE, this::onCleanup)
        .onSignal(PostStop.class, signal -> onStop())
        .onSignal(PreRestart.class, signal -> onStop())
        .build();
  }

  private Behavior<Command> onStart(StartSpan start) {
    String problem = TracerRequests.startProblem(settings, start);
    if (problem == null && active.containsKey(start.spanId())) {
      problem = "span " + start.spanId() + " is already open";
    }
    if (problem != null) {
      return reject(start.replyTo(), problem);
    }
    SpanContext parent = start.parent();
    boolean sampled = sampler.sampled(parent, start.traceId());
    String traceState = parent == null ? "" : parent.traceState();
    SpanContext context = new SpanContext(start.traceId(), start.spanId(), sampled, traceState);
    if (!sampled) {
      unsampled++;
      reply(start.replyTo(), new Started(context));
      return this;
    }
    long nowMillis = clock.millis();
    List<SpanLink> links = new ArrayList<>(Math.min(start.links().size(), limiter.maxLinks()));
    for (SpanLink l : start.links()) {
      if (links.size() < limiter.maxLinks()) {
        links.add(limiter.link(l));
      }
    }
    ActiveSpan span =
        new ActiveSpan(
            start.traceId(),
            start.spanId(),
            parent == null ? "" : parent.spanId(),
            traceState,
            start.service(),
            start.name(),
            start.kind(),
            start.startTime() == null ? nanos(clock.instant()) : nanos(start.startTime()),
            nowMillis,
            List.copyOf(links));
    span.droppedLinks = start.links().size() - links.size();
    span.droppedAttributes = limiter.putAll(span.attributes, start.attributes());
    droppedLinks += span.droppedLinks;
    droppedAttributes += span.droppedAttributes;
    span.bytes = estimate(span);
    if (!makeRoom(span.bytes, null, true)) {
      return reject(
          start.replyTo(),
          "the span needs about "
              + span.bytes
              + " bytes, more than bounded.tracer.max-bytes ("
              + settings.maxBytes()
              + ") can hold");
    }
    active.put(span.spanId, span);
    activeBytes += span.bytes;
    counters.inserted();
    reply(start.replyTo(), new Started(context));
    return this;
  }

  private Behavior<Command> onAddEvent(AddEvent add) {
    ActiveSpan span = active.get(add.spanId());
    if (span == null) {
      counters.missed();
      return this;
    }
    if (span.events.size() >= limiter.maxEvents()) {
      span.droppedEvents++;
      droppedEvents++;
      return this;
    }
    SpanEvent event =
        limiter.event(
            new SpanEvent(
                add.name(),
                add.time() == null ? nanos(clock.instant()) : nanos(add.time()),
                add.attributes(),
                0));
    long bytes = SpanSizes.event(event);
    if (!makeRoom(bytes, span.spanId, true)) {
      span.droppedEvents++;
      droppedEvents++;
      return this;
    }
    span.events.add(event);
    span.bytes += bytes;
    activeBytes += bytes;
    droppedAttributes += event.droppedAttributes();
    return this;
  }

  private Behavior<Command> onSetAttributes(SetAttributes set) {
    ActiveSpan span = active.get(set.spanId());
    if (span == null) {
      counters.missed();
      return this;
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    int dropped = limiter.putAll(attrs, set.attributes());
    long bytes = 0;
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      bytes += SpanSizes.attribute(e.getKey(), e.getValue());
    }
    if (!makeRoom(bytes, span.spanId, true)) {
      dropped += attrs.size();
    } else {
      // replaced values still count until the span ends: conservative, and cheap
      dropped += limiter.putAll(span.attributes, attrs);
      span.bytes += bytes;
      activeBytes += bytes;
    }
    span.droppedAttributes += dropped;
    droppedAttributes += dropped;
    return this;
  }

  private Behavior<Command> onEnd(EndSpan end) {
    String problem = TracerRequests.statusProblem(end.status());
    if (problem != null) {
      return reject(end.replyTo(), problem);
    }
    ActiveSpan span = active.get(end.spanId());
    if (span == null) {
      counters.missed();
      reply(end.replyTo(), new NotActive(end.spanId()));
      return this;
    }
    long endNanos = end.endTime() == null ? nanos(clock.instant()) : nanos(end.endTime());
    if (end.endTime() != null && endNanos < span.startEpochNanos) {
      return reject(
          end.replyTo(),
          "end time "
              + end.endTime()
              + " is before the span's start "
              + Instant.ofEpochSecond(0, span.startEpochNanos));
    }
    active.remove(end.spanId());
    counters.hit();
    SpanData done = finish(span, end.status(), cutMessage(end.statusMessage()), endNanos);
    reply(end.replyTo(), new Ended(done));
    return this;
  }

  private Behavior<Command> onIngest(IngestSpans ingest) {
    int accepted = 0;
    int rejected = 0;
    String firstProblem = "";
    for (SpanData raw : ingest.spans()) {
      String problem = TracerRequests.ingestProblem(settings, raw);
      SpanData span = problem == null ? limiter.limit(raw) : null;
      long bytes = span == null ? 0 : SpanSizes.of(span);
      if (problem == null && !makeRoom(bytes, null, false)) {
        problem = "span " + raw.spanId() + " does not fit in bounded.tracer.max-bytes";
      }
      if (problem != null) {
        rejected++;
        firstProblem = firstProblem.isEmpty() ? problem : firstProblem;
        continue;
      }
      droppedAttributes += span.droppedAttributes() - raw.droppedAttributes();
      droppedEvents += span.droppedEvents() - raw.droppedEvents();
      droppedLinks += span.droppedLinks() - raw.droppedLinks();
      if (storeAndExport(span, bytes)) {
        accepted++;
        counters.inserted();
      } else {
        rejected++;
        if (firstProblem.isEmpty()) {
          firstProblem =
              "trace "
                  + span.traceId()
                  + " already holds bounded.tracer.max-spans-stored ("
                  + settings.maxSpansStored()
                  + ") spans";
        }
      }
    }
    ingested += accepted;
    ingestRejected += rejected;
    if (rejected > 0) {
      counters.rejected();
    }
    ingest.replyTo().tell(new Ingested(accepted, rejected, firstProblem));
    return this;
  }

  private Behavior<Command> onGetTrace(GetTrace get) {
    String problem = TracerRequests.traceIdProblem(get.traceId());
    if (problem != null) {
      return reject(get.replyTo(), problem);
    }
    List<SpanData> spans = store.get(get.traceId());
    if (spans == null) {
      counters.missed();
      get.replyTo().tell(new TraceNotFound(get.traceId()));
    } else {
      counters.hit();
      get.replyTo().tell(new TraceFound(get.traceId(), spans));
    }
    return this;
  }

  private Behavior<Command> onFindTraces(FindTraces find) {
    String problem = TracerRequests.limitProblem(settings, find.limit());
    if (problem != null) {
      return reject(find.replyTo(), problem);
    }
    find.replyTo().tell(new TracesFound(store.recent(find.service(), find.limit())));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    syncExportFailures();
    Map<String, Long> gauges = new LinkedHashMap<>();
    gauges.put("stored-traces", (long) store.traces());
    gauges.put("max-traces", (long) settings.maxTraces());
    gauges.put("stored-spans", (long) store.spans());
    gauges.put("max-spans-stored", (long) settings.maxSpansStored());
    gauges.put("bytes", bytes());
    gauges.put("max-bytes", settings.maxBytes());
    gauges.put("active-bytes", activeBytes);
    gauges.put("stored-bytes", store.bytes());
    gauges.put("export-queued-bytes", queuedBytes.get());
    gauges.put("exported", exported.sum());
    gauges.put("export-failures", exportFailures.sum());
    gauges.put("export-failed-spans", exportFailedSpans.sum());
    gauges.put("export-queue-drops", queueDrops);
    gauges.put("unsampled", unsampled);
    gauges.put("ingested", ingested);
    gauges.put("ingest-rejected", ingestRejected);
    gauges.put("evicted-spans", evictedSpans);
    gauges.put("orphaned-spans", orphanedSpans);
    gauges.put("dropped-attributes", droppedAttributes);
    gauges.put("dropped-events", droppedEvents);
    gauges.put("dropped-links", droppedLinks);
    gauges.put("mailbox-capacity", (long) settings.mailboxCapacity());
    get.replyTo().tell(counters.snapshot(active.size(), settings.maxActiveSpans(), gauges));
    return this;
  }

  private Behavior<Command> onCleanup() {
    counters.runCleanup(
        getContext().getLog(),
        () -> {
          long now = clock.millis();
          long maxOpenMillis = settings.maxSpanDuration().toMillis();
          List<ActiveSpan> orphans = new ArrayList<>();
          // one pass; removeIf reads without reordering the LRU
          active.removeIf(
              (id, span) -> now - span.openedAtMillis > maxOpenMillis,
              (id, span) -> orphans.add(span));
          long endNanos = nanos(clock.instant());
          for (ActiveSpan span : orphans) {
            orphanedSpans++;
            counters.evicted(DropCause.ORPHANED, span.spanId, now);
            finish(
                span,
                SpanStatus.ORPHANED,
                "open longer than bounded.tracer.max-span-duration ("
                    + settings.maxSpanDuration()
                    + ")",
                endNanos);
          }
          int expired = store.expire(now - settings.retention().toMillis());
          syncExportFailures();
          getContext()
              .getLog()
              .debug(
                  "tracer cleanup: {} orphans ended, {} traces expired", orphans.size(), expired);
        });
    return this;
  }

  private Behavior<Command> onStop() {
    if (queue != null) {
      try {
        // flush what is queued; the system's shutdown bounds how long that may take
        queue.complete();
      } catch (IllegalStateException alreadyDone) {
        // the materializer stopped the stream first (system shutdown): nothing left to flush
      }
    }
    if (exporter != null) {
      exporter.close();
    }
    active.clear();
    store.clear();
    return this;
  }

  // ---- helpers

  private SpanData finish(ActiveSpan span, SpanStatus status, String message, long endNanos) {
    activeBytes -= span.bytes;
    SpanData done = span.finish(status, message, endNanos);
    storeAndExport(done, SpanSizes.of(done));
    return done;
  }

  /**
   * Stores the span and queues it for export.
   *
   * @return false when its trace was full (it was then neither stored nor exported)
   */
  private boolean storeAndExport(SpanData span, long bytes) {
    long now = clock.millis();
    if (!store.add(span, bytes, now)) {
      counters.dropped(DropCause.SIZE, "span " + span.spanId() + " (trace full)");
      return false;
    }
    if (queue == null) {
      return true;
    }
    if (makeRoom(bytes, null, false)) {
      queuedBytes.addAndGet(bytes);
      if (queue.offer(new Queued(span, bytes)) == QueueOfferResult.enqueued()) {
        return true;
      }
      queuedBytes.addAndGet(-bytes);
    }
    queueDrops++;
    queueDropsSinceWarn++;
    counters.dropped(DropCause.EXPORT_QUEUE_FULL, "span " + span.spanId());
    if (now - lastDropWarnMillis >= WARN_EVERY_SECONDS * 1000L) {
      getContext()
          .getLog()
          .warn(
              "tracer: {} finished spans not exported since the last warning: the export queue"
                  + " (bounded.tracer.export.queue-size = {}) or bounded.tracer.max-bytes is full;"
                  + " the spans are still stored",
              queueDropsSinceWarn,
              settings.export().queueSize());
      lastDropWarnMillis = now;
      queueDropsSinceWarn = 0;
    }
    return true;
  }

  /**
   * Makes room for {@code needed} more bytes under {@code max-bytes}: drops stored traces, eldest
   * first, then (when {@code evictOpen}) ends open spans, least recently touched first, never
   * {@code keep}.
   *
   * @return false when there is no room even so
   */
  private boolean makeRoom(long needed, String keep, boolean evictOpen) {
    while (bytes() + needed > settings.maxBytes()) {
      if (store.evictEldest(DropCause.BYTES)) {
        continue;
      }
      Map.Entry<String, ActiveSpan> eldest = evictOpen ? active.eldest() : null;
      if (eldest == null || eldest.getKey().equals(keep)) {
        return false;
      }
      active.remove(eldest.getKey());
      evict(eldest.getValue(), DropCause.BYTES, "bounded.tracer.max-bytes");
    }
    return true;
  }

  private void onEvictedBySize(String spanId, ActiveSpan span) {
    evict(span, DropCause.SIZE, "bounded.tracer.max-active-spans");
  }

  /** Ends an open span the tracer pushed out; it is stored and exported like any other. */
  private void evict(ActiveSpan span, DropCause cause, String bound) {
    evictedSpans++;
    counters.evicted(cause, span.spanId);
    finish(span, SpanStatus.EVICTED, "evicted to honour " + bound, nanos(clock.instant()));
  }

  private void onTraceRemoved(String traceId, int spans, DropCause cause) {
    if (cause == DropCause.EXPIRED) {
      counters.expired("trace " + traceId);
    } else {
      counters.evicted(cause, "trace " + traceId);
    }
  }

  private void syncExportFailures() {
    long failed = exportFailedSpans.sum();
    if (failed > exportFailedSpansSeen) {
      counters.dropped(DropCause.EXPORT_FAILED, "export batch", failed - exportFailedSpansSeen);
      exportFailedSpansSeen = failed;
    }
  }

  private long bytes() {
    return activeBytes + store.bytes() + queuedBytes.get();
  }

  private long estimate(ActiveSpan s) {
    long b =
        SpanSizes.SPAN_OVERHEAD
            + SpanSizes.string(s.traceId)
            + SpanSizes.string(s.spanId)
            + SpanSizes.string(s.parentSpanId)
            + SpanSizes.string(s.traceState)
            + SpanSizes.string(s.service)
            + SpanSizes.string(s.name)
            + SpanSizes.attributes(s.attributes);
    for (SpanLink l : s.links) {
      b += SpanSizes.link(l);
    }
    return b;
  }

  private String cutMessage(String message) {
    int max = settings.spanLimits().maxAttributeValueLength();
    return message.length() > max ? message.substring(0, max) : message;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private <R> void reply(ActorRef<R> replyTo, R reply) {
    if (replyTo != null) {
      replyTo.tell(reply);
    }
  }

  private Behavior<Command> reject(ActorRef<? super Rejected> replyTo, String reason) {
    counters.rejected();
    if (replyTo != null) {
      replyTo.tell(new Rejected(reason));
    }
    return this;
  }
}
