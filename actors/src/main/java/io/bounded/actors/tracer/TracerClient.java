package io.bounded.actors.tracer;

import io.bounded.actors.support.EdgeFutures;
import io.bounded.actors.support.RejectedException;
import io.bounded.config.TracerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.tracer.TracerProtocol;
import io.bounded.protocols.tracer.TracerProtocol.Command;
import io.bounded.protocols.tracer.TracerProtocol.SpanContext;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import io.bounded.protocols.tracer.TracerProtocol.TraceSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

/**
 * A thin face over the tracer actor for code that is not an actor. Span calls ({@link #startSpan},
 * {@link #addEvent}, {@link #setAttributes}, {@link #endSpan}) are fire and forget: ids are made
 * here, the same parent-based sampler as the actor's decides {@code sampled}, and nothing waits.
 * Queries are one ask each with {@code bounded.runtime.ask-timeout}; a {@code Rejected} reply
 * completes the stage with {@link RejectedException}. W3C headers are read with {@link
 * #extract(String, String)} and written with {@link #traceparent(SpanContext)}.
 *
 * <pre>{@code
 * TracerClient tracer = runtime.tracerClient();
 * SpanContext parent = TracerClient.extract(request.header("traceparent"), null);
 * SpanContext span = tracer.startSpan("checkout", "GET /cart", SpanKind.SERVER, parent, Map.of());
 * tracer.endSpan(span, SpanStatus.OK, "");
 * }</pre>
 */
public final class TracerClient {
  private final ActorRef<Command> tracer;
  private final ParentRatioSampler sampler;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Executor executor;

  public TracerClient(
      ActorRef<Command> tracer,
      TracerSettings settings,
      Duration timeout,
      Scheduler scheduler,
      Executor executor) {
    this.tracer = tracer;
    this.sampler = new ParentRatioSampler(settings.sampleRatio());
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /**
   * Starts a span now (fire and forget) and answers its context, for children and for {@link
   * #traceparent}. An unsampled span is not recorded; its context still propagates.
   *
   * @param parent the parent (local or from {@link #extract}), or {@code null} for a new trace
   */
  public SpanContext startSpan(
      String service, String name, SpanKind kind, SpanContext parent, Map<String, ?> attributes) {
    String traceId = parent == null ? TraceIds.newTraceId() : parent.traceId();
    String spanId = TraceIds.newSpanId();
    tracer.tell(
        new TracerProtocol.StartSpan(
            traceId,
            spanId,
            parent,
            service,
            name,
            kind,
            TracerProtocol.AttributeValues.copy(attributes),
            List.of(),
            null,
            null));
    boolean sampled = TraceIds.traceIdProblem(traceId) == null && sampler.sampled(parent, traceId);
    return new SpanContext(traceId, spanId, sampled, parent == null ? "" : parent.traceState());
  }

  /** Adds an event now to an open span (fire and forget). */
  public void addEvent(SpanContext span, String name, Map<String, ?> attributes) {
    if (span.sampled()) {
      tracer.tell(
          new TracerProtocol.AddEvent(
              span.spanId(), name, TracerProtocol.AttributeValues.copy(attributes), null));
    }
  }

  /** Sets attributes on an open span (fire and forget). */
  public void setAttributes(SpanContext span, Map<String, ?> attributes) {
    if (span.sampled()) {
      tracer.tell(
          new TracerProtocol.SetAttributes(
              span.spanId(), TracerProtocol.AttributeValues.copy(attributes)));
    }
  }

  /** Ends an open span now (fire and forget). */
  public void endSpan(SpanContext span, SpanStatus status, String statusMessage) {
    if (span.sampled()) {
      tracer.tell(new TracerProtocol.EndSpan(span.spanId(), status, statusMessage, null, null));
    }
  }

  /** The stored trace's spans by start time, or empty when it is unknown or expired. */
  public CompletionStage<Optional<List<SpanData>>> getTrace(String traceId) {
    return ask(
        (ActorRef<TracerProtocol.GetTraceReply> r) -> new TracerProtocol.GetTrace(traceId, r),
        reply -> {
          if (reply instanceof TracerProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return reply instanceof TracerProtocol.TraceFound found
              ? Optional.of(found.spans())
              : Optional.empty();
        });
  }

  /**
   * The most recently updated traces, newest first.
   *
   * @param service only traces with a span of this service, or {@code null}
   */
  public CompletionStage<List<TraceSummary>> findTraces(String service, int limit) {
    return ask(
        (ActorRef<TracerProtocol.FindTracesReply> r) ->
            new TracerProtocol.FindTraces(service, limit, r),
        reply -> {
          if (reply instanceof TracerProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return ((TracerProtocol.TracesFound) reply).traces();
        });
  }

  /** Stores finished spans made elsewhere; answers how many were accepted and refused. */
  public CompletionStage<TracerProtocol.Ingested> ingest(List<SpanData> spans) {
    List<SpanData> copy = List.copyOf(spans);
    return ask(
        (ActorRef<TracerProtocol.IngestReply> r) -> new TracerProtocol.IngestSpans(copy, r),
        reply -> {
          if (reply instanceof TracerProtocol.Rejected rejected) {
            throw rejection(rejected);
          }
          return (TracerProtocol.Ingested) reply;
        });
  }

  /** The tracer's stats. */
  public CompletionStage<ComponentStats> stats() {
    return EdgeFutures.ask(tracer, TracerProtocol.GetStats::new, timeout, scheduler, executor);
  }

  /**
   * The remote parent named by W3C {@code traceparent} and {@code tracestate} headers.
   *
   * @param tracestate the {@code tracestate} header, or {@code null}
   * @throws IllegalArgumentException saying why a header is malformed
   */
  public static SpanContext extract(String traceparent, String tracestate) {
    W3cTraceContext.Parsed<SpanContext> parsed = W3cTraceContext.parse(traceparent, tracestate);
    if (!parsed.isOk()) {
      throw new IllegalArgumentException(parsed.problem());
    }
    return parsed.value();
  }

  /** The W3C {@code traceparent} header value for {@code span} (version 00). */
  public static String traceparent(SpanContext span) {
    return W3cTraceContext.format(span);
  }

  private <R, T> CompletionStage<T> ask(
      Function<ActorRef<R>, Command> request, Function<R, T> interpret) {
    return EdgeFutures.ask(tracer, request, timeout, scheduler, executor).thenApply(interpret);
  }

  private static RejectedException rejection(TracerProtocol.Rejected rejected) {
    return new RejectedException(TracerActor.NAME, rejected.reason());
  }
}
