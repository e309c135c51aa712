package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.tracer.SpanExporter;
import io.bounded.actors.tracer.TracerActor;
import io.bounded.actors.tracer.TracerClient;
import io.bounded.config.RuntimeSettings;
import io.bounded.config.TracerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.tracer.TracerProtocol;
import io.bounded.protocols.tracer.TracerProtocol.SpanContext;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The tracer benchmark: spans per second through start → end → batch export to a no-op exporter,
 * for the Bounded tracer actor and for the OpenTelemetry SDK's {@code BatchSpanProcessor}, side by
 * side in one JVM run. Both use their default queue (2,048 spans) and batch (512), a 10 ms batch
 * delay (so the run's tail is not the 5 s default), one producer thread, two attributes per span. A
 * span counts when it reached the exporter; spans a full queue dropped are reported beside. Run it
 * from the shaded jar:
 *
 * <pre>{@code java -cp app/target/bounded-app.jar io.bounded.app.bench.TracerBench [scale]}</pre>
 *
 * <p>The Bounded side also stores every span (trace store under its bounds), which the SDK does
 * not. Its producer waits for the actor every {@value #WINDOW} spans so the bounded inbox (10,000
 * messages, two per span) never overflows.
 */
public final class TracerBench {
  private static final int WINDOW = 2_000;
  private static final Duration WAIT = Duration.ofSeconds(60);
  // both sides: a partial batch waits at most this, so the run's tail is not the 5 s default
  private static final Duration DELAY = Duration.ofMillis(10);

  private final double scale;
  private final PrintStream out;

  private TracerBench(double scale, PrintStream out) {
    this.scale = scale;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    new TracerBench(scale, System.out).run();
  }

  private long n(long base) {
    return Math.max(10_000, (long) (base * scale));
  }

  /** A result: spans exported per second, and spans dropped. */
  record Result(double exportedPerSec, long exported, long dropped) {}

  public void run() throws Exception {
    out.printf(
        "Bounded tracer bench: %d cores, max heap %d MiB, Java %s, scale %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"),
        scale);
    long spans = n(2_000_000);
    Result otel = null;
    Result bounded = null;
    try (BoundedRuntime runtime = BoundedRuntime.start()) {
      for (int round = 0; round < 3; round++) {
        otel = otel(spans, Long.MAX_VALUE);
        bounded = bounded(runtime, spans, round, Long.MAX_VALUE);
      }
    }
    out.println();
    out.printf(
        "%-60s %14s %12s %12s%n",
        "measurement (" + spans + " spans)", "exported/s", "dropped", "ratio");
    row("OpenTelemetry SDK BatchSpanProcessor, no-op exporter", otel, null);
    row(
        "Bounded tracer actor, no-op exporter",
        bounded,
        bounded.exportedPerSec() / otel.exportedPerSec());
  }

  private void row(String name, Result r, Double ratio) {
    out.printf(
        Locale.ROOT,
        "%-60s %,14.0f %,12d %12s%n",
        name,
        r.exportedPerSec(),
        r.dropped(),
        ratio == null ? "" : String.format(Locale.ROOT, "%.2f", ratio));
  }

  // ---- OpenTelemetry SDK

  /**
   * Spans through the SDK's batch processor: {@code spans} of them, or fewer when {@code
   * deadlineNanos} (a {@code System.nanoTime()}) passes first; the spans not exported count as
   * dropped.
   */
  static Result otel(long spans, long deadlineNanos) {
    LongAdder exported = new LongAdder();
    io.opentelemetry.sdk.trace.export.SpanExporter noop =
        new io.opentelemetry.sdk.trace.export.SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> batch) {
            exported.add(batch.size());
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(noop).setScheduleDelay(DELAY).build())
            .build();
    Tracer tracer = provider.get("bench");
    long start = System.nanoTime();
    long produced = 0;
    for (long i = 0; i < spans && before(i, deadlineNanos); i++, produced++) {
      Span span =
          tracer
              .spanBuilder("op")
              .setAttribute("http.method", "GET")
              .setAttribute("i", i)
              .startSpan();
      span.end();
    }
    provider.forceFlush().join(WAIT.toSeconds(), TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    provider.shutdown().join(WAIT.toSeconds(), TimeUnit.SECONDS);
    long done = exported.sum();
    return new Result(done * 1e9 / elapsed, done, produced - done);
  }

  // ---- Bounded

  /** Whether span {@code i} is still sent: the deadline is read once every 256 spans. */
  private static boolean before(long i, long deadlineNanos) {
    return (i & 255) != 0 || System.nanoTime() - deadlineNanos < 0;
  }

  /**
   * Spans through a fresh Bounded tracer actor (named after {@code round}): {@code spans} of them,
   * or fewer when {@code deadlineNanos} passes first.
   */
  static Result bounded(BoundedRuntime runtime, long spans, int round, long deadlineNanos)
      throws Exception {
    LongAdder exported = new LongAdder();
    SpanExporter noop =
        batch -> {
          exported.add(batch.size());
          return CompletableFuture.completedFuture(null);
        };
    TracerSettings d = runtime.settings().tracer();
    TracerSettings.Export e = d.export();
    TracerSettings settings =
        new TracerSettings(
            d.maxActiveSpans(),
            d.maxSpanDuration(),
            d.retention(),
            d.maxTraces(),
            d.maxSpansStored(),
            d.maxBytes(),
            d.defaultQueryLimit(),
            d.cleanupInterval(),
            d.sampleRatio(),
            d.spanLimits(),
            new TracerSettings.Export(
                e.exporter(),
                e.queueSize(),
                e.maxBatch(),
                DELAY,
                e.timeout(),
                e.fileDirectory(),
                e.otlpUrl()),
            d.mailboxCapacity());
    // the tracer runs under a parent that stops it (and its stored spans and timer) when the run
    // is over, so that rounds do not pile up tracers in the bench's runtime
    CompletableFuture<ActorRef<TracerProtocol.Command>> spawned = new CompletableFuture<>();
    ActorRef<Object> parent =
        runtime
            .system()
            .systemActorOf(
                Behaviors.setup(
                    ctx -> {
                      spawned.complete(
                          ctx.spawn(
                              TracerActor.create(settings, runtime.clock(), new LongAdder(), noop),
                              "tracer",
                              MailboxSelector.bounded(settings.mailboxCapacity())
                                  .withDispatcherFromConfig(RuntimeSettings.DISPATCHER_PATH)));
                      return Behaviors.receiveMessage(stop -> Behaviors.stopped());
                    }),
                "bench-tracer-" + round,
                Props.empty());
    try {
      return drive(
          runtime,
          spawned.get(WAIT.toSeconds(), TimeUnit.SECONDS),
          settings,
          spans,
          exported,
          deadlineNanos);
    } finally {
      parent.tell("stop");
    }
  }

  private static Result drive(
      BoundedRuntime runtime,
      ActorRef<TracerProtocol.Command> actor,
      TracerSettings settings,
      long spans,
      LongAdder exported,
      long deadlineNanos)
      throws Exception {
    TracerClient client =
        new TracerClient(actor, settings, WAIT, runtime.system().scheduler(), runtime.executor());
    Map<String, Object> attributes = Map.of("http.method", "GET");
    long start = System.nanoTime();
    long produced = 0;
    for (long i = 0; i < spans && before(i, deadlineNanos); i++, produced++) {
      SpanContext span =
          client.startSpan("bench", "op", SpanKind.INTERNAL, null, withIndex(attributes, i));
      if ((i + 1) % WINDOW == 0) {
        sync(runtime, actor, span);
      } else {
        client.endSpan(span, SpanStatus.UNSET, "");
      }
    }
    // every span is exported (after at most export.delay) or counted as dropped
    ComponentStats s;
    long dropped;
    do {
      Thread.sleep(1);
      s = stats(runtime, actor);
      dropped = s.gauge("export-queue-drops") + s.mailboxOverflows();
    } while (exported.sum() + dropped < produced);
    long elapsed = System.nanoTime() - start;
    long done = exported.sum();
    return new Result(done * 1e9 / elapsed, done, dropped);
  }

  private static Map<String, Object> withIndex(Map<String, Object> base, long i) {
    return Map.of("http.method", base.get("http.method"), "i", i);
  }

  private static void sync(
      BoundedRuntime runtime, ActorRef<TracerProtocol.Command> actor, SpanContext span)
      throws Exception {
    CompletionStage<TracerProtocol.EndReply> ended =
        AskPattern.ask(
            actor,
            r -> new TracerProtocol.EndSpan(span.spanId(), SpanStatus.UNSET, "", null, r),
            WAIT,
            runtime.system().scheduler());
    ended.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static ComponentStats stats(
      BoundedRuntime runtime, ActorRef<TracerProtocol.Command> actor) throws Exception {
    return AskPattern.<TracerProtocol.Command, ComponentStats>ask(
            actor, TracerProtocol.GetStats::new, WAIT, runtime.system().scheduler())
        .toCompletableFuture()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
