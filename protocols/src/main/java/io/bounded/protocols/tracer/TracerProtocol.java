package io.bounded.protocols.tracer;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of the tracer: bounded open spans, bounded storage of finished traces, and batch export
 * ({@code bounded.tracer.*}).
 *
 * <p>Contract: after every message the tracer holds at most {@code max-active-spans} open spans, at
 * most {@code max-traces} finished traces with at most {@code max-spans-stored} spans, and at most
 * {@code max-bytes} estimated bytes of spans (open, stored and queued for export). Starting a span
 * past a bound ends the least-recently-touched open span with status {@link SpanStatus#EVICTED};
 * the cleanup tick ends spans open longer than {@code max-span-duration} as {@link
 * SpanStatus#ORPHANED}. What a span holds past the span limits is dropped and counted on the span.
 * Ids follow W3C Trace Context: a trace id is 32 and a span id 16 lowercase hex digits, not all
 * zero. Bad input is answered {@link Rejected} with a reason and changes nothing.
 *
 * <p>Attribute values are {@link String}, {@link Boolean}, {@link Long}, {@link Double} or an
 * immutable {@link List} of those ({@link Integer}, {@link Short}, {@link Byte} and {@link Float}
 * are widened); anything else is refused by the record's constructor.
 */
public interface TracerProtocol {

  /** Every message the tracer actor accepts. */
  sealed interface Command {}

  /** The actor's own messages (timer ticks); implemented only by the tracer actor. */
  non-sealed interface Internal extends Command {}

  /** Every reply the tracer sends. */
  sealed interface Reply {}

  /** Answer to {@link StartSpan}: {@link Started} or {@link Rejected}. */
  sealed interface StartReply extends Reply {}

  /** Answer to {@link EndSpan}: {@link Ended}, {@link NotActive} or {@link Rejected}. */
  sealed interface EndReply extends Reply {}

  /** Answer to {@link IngestSpans}: {@link Ingested} or {@link Rejected}. */
  sealed interface IngestReply extends Reply {}

  /** Answer to {@link GetTrace}: {@link TraceFound}, {@link TraceNotFound} or {@link Rejected}. */
  sealed interface GetTraceReply extends Reply {}

  /** Answer to {@link FindTraces}: {@link TracesFound} or {@link Rejected}. */
  sealed interface FindTracesReply extends Reply {}

  // ---- values

  /** What a span represents, as in OpenTelemetry. */
  enum SpanKind {
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER
  }

  /**
   * How a span ended. {@link #EVICTED} and {@link #ORPHANED} are set only by the tracer (a bound
   * ended the span); they export to OTLP as an error with that word as the message.
   */
  enum SpanStatus {
    UNSET,
    OK,
    ERROR,
    /** Ended by the tracer to make room under {@code max-active-spans} or {@code max-bytes}. */
    EVICTED,
    /** Ended by the cleanup tick: open longer than {@code max-span-duration}. */
    ORPHANED
  }

  /**
   * A span's identity as propagated between processes (W3C {@code traceparent}/{@code tracestate}).
   *
   * @param traceId 32 lowercase hex digits
   * @param spanId 16 lowercase hex digits
   * @param sampled whether the span is recorded (the {@code sampled} trace flag)
   * @param traceState the {@code tracestate} header value, {@code ""} when none
   */
  record SpanContext(String traceId, String spanId, boolean sampled, String traceState) {
    public SpanContext {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(spanId, "spanId");
      Objects.requireNonNull(traceState, "traceState");
    }
  }

  /**
   * A timestamped event inside a span.
   *
   * @param epochNanos when, in nanoseconds since the epoch
   * @param droppedAttributes attributes dropped by the span limits
   */
  record SpanEvent(
      String name, long epochNanos, Map<String, Object> attributes, int droppedAttributes) {
    public SpanEvent {
      Objects.requireNonNull(name, "name");
      attributes = AttributeValues.copy(attributes);
    }
  }

  /** A link from a span to another span (of this or another trace). */
  record SpanLink(
      String traceId, String spanId, String traceState, Map<String, Object> attributes) {
    public SpanLink {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(spanId, "spanId");
      Objects.requireNonNull(traceState, "traceState");
      attributes = AttributeValues.copy(attributes);
    }
  }

  /**
   * A finished span, as stored, exported and returned by queries.
   *
   * @param parentSpanId the parent's span id, {@code ""} for a root span
   * @param service the {@code service.name} of the process that made the span
   * @param startEpochNanos start, in nanoseconds since the epoch
   * @param endEpochNanos end, in nanoseconds since the epoch; never before the start
   * @param statusMessage a description of the status, {@code ""} when none
   * @param droppedAttributes attributes dropped by {@code span-limits.max-attributes}
   * @param droppedEvents events dropped by {@code span-limits.max-events}
   * @param droppedLinks links dropped by {@code span-limits.max-links}
   */
  record SpanData(
      String traceId,
      String spanId,
      String parentSpanId,
      String traceState,
      String service,
      String name,
      SpanKind kind,
      long startEpochNanos,
      long endEpochNanos,
      Map<String, Object> attributes,
      List<SpanEvent> events,
      List<SpanLink> links,
      SpanStatus status,
      String statusMessage,
      int droppedAttributes,
      int droppedEvents,
      int droppedLinks) {
    public SpanData {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(spanId, "spanId");
      Objects.requireNonNull(parentSpanId, "parentSpanId");
      Objects.requireNonNull(traceState, "traceState");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(statusMessage, "statusMessage");
      attributes = AttributeValues.copy(attributes);
      events = List.copyOf(events);
      links = List.copyOf(links);
    }

    /** The span's start. */
    public Instant start() {
      return Instant.ofEpochSecond(0, startEpochNanos);
    }

    /** The span's end. */
    public Instant end() {
      return Instant.ofEpochSecond(0, endEpochNanos);
    }
  }

  /**
   * One stored trace, summarised for listings.
   *
   * @param rootName the root span's name, or the earliest span's when the root is not stored
   * @param service the root (or earliest) span's service
   * @param spanCount spans stored for the trace
   * @param errorCount spans whose status is not {@code UNSET} or {@code OK}
   */
  record TraceSummary(
      String traceId,
      String rootName,
      String service,
      int spanCount,
      long startEpochNanos,
      long endEpochNanos,
      int errorCount) {
    public TraceSummary {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(rootName, "rootName");
      Objects.requireNonNull(service, "service");
    }
  }

  // ---- requests

  /**
   * Opens a span with ids the caller generated (so a fire-and-forget caller knows them). The
   * parent-based ratio sampler ({@code bounded.tracer.sample-ratio}) decides whether it is
   * recorded: a child follows its parent's {@code sampled} flag, a root is sampled by its trace id.
   * Replies {@link Started} with the span's context (its {@code sampled} flag says whether it is
   * recorded).
   *
   * @param parent the parent's context, or {@code null} for a root span (then {@code traceId} is
   *     the new trace's id; otherwise it must equal the parent's)
   * @param links at most {@code span-limits.max-links} are kept, the rest counted
   * @param startTime the start, or {@code null} for the tracer's clock
   * @param replyTo where to answer, or {@code null} for fire and forget
   */
  record StartSpan(
      String traceId,
      String spanId,
      SpanContext parent,
      String service,
      String name,
      SpanKind kind,
      Map<String, Object> attributes,
      List<SpanLink> links,
      Instant startTime,
      ActorRef<StartReply> replyTo)
      implements Command, Rejectable {
    public StartSpan {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(spanId, "spanId");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      attributes = AttributeValues.copy(attributes);
      links = List.copyOf(links);
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Adds an event to an open span and marks it touched. Fire and forget: an unknown span (never
   * started, not sampled, already ended or evicted) is counted as a miss.
   *
   * @param time when, or {@code null} for the tracer's clock
   */
  record AddEvent(String spanId, String name, Map<String, Object> attributes, Instant time)
      implements Command {
    public AddEvent {
      Objects.requireNonNull(spanId, "spanId");
      Objects.requireNonNull(name, "name");
      attributes = AttributeValues.copy(attributes);
    }
  }

  /**
   * Sets attributes on an open span (replacing values of the same keys) and marks it touched. Fire
   * and forget, like {@link AddEvent}.
   */
  record SetAttributes(String spanId, Map<String, Object> attributes) implements Command {
    public SetAttributes {
      Objects.requireNonNull(spanId, "spanId");
      attributes = AttributeValues.copy(attributes);
    }
  }

  /**
   * Ends an open span: it is stored with its trace and queued for export. Replies {@link Ended}, or
   * {@link NotActive} when no such span is open. {@code EVICTED} and {@code ORPHANED} are the
   * tracer's own and are refused.
   *
   * @param statusMessage a description, {@code ""} when none
   * @param endTime the end, or {@code null} for the tracer's clock; not before the start
   * @param replyTo where to answer, or {@code null} for fire and forget
   */
  record EndSpan(
      String spanId,
      SpanStatus status,
      String statusMessage,
      Instant endTime,
      ActorRef<EndReply> replyTo)
      implements Command, Rejectable {
    public EndSpan {
      Objects.requireNonNull(spanId, "spanId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(statusMessage, "statusMessage");
    }

    /** A fire-and-forget end with status {@code UNSET} at the tracer's clock. */
    public static EndSpan of(String spanId) {
      return new EndSpan(spanId, SpanStatus.UNSET, "", null, null);
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Stores finished spans made elsewhere (OTLP ingestion) under the same bounds and limits, and
   * queues them for export. Each span is checked on its own: valid ones are stored, invalid ones
   * counted in {@link Ingested#rejected()} (OTLP partial success). Replies {@link Ingested}.
   */
  record IngestSpans(List<SpanData> spans, ActorRef<IngestReply> replyTo)
      implements Command, Rejectable {
    public IngestSpans {
      spans = List.copyOf(spans);
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Reads a stored trace's finished spans. Replies {@link TraceFound} or {@link TraceNotFound}. */
  record GetTrace(String traceId, ActorRef<GetTraceReply> replyTo) implements Command, Rejectable {
    public GetTrace {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Lists the most recently updated stored traces, newest first. Replies {@link TracesFound}.
   *
   * @param service only traces with a span of this service, or {@code null} for all
   * @param limit most summaries, 1..{@code max-traces}
   */
  record FindTraces(String service, int limit, ActorRef<FindTracesReply> replyTo)
      implements Command, Rejectable {
    public FindTraces {
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Asks for the tracer's {@link ComponentStats} (name {@code tracer}; size = open spans; gauges
   * {@code stored-traces}, {@code stored-spans}, {@code bytes}, {@code export-queued}, {@code
   * exported}, {@code export-failures}, {@code unsampled}, span-limit drops and more).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  // ---- replies

  /** The span is open ({@code context.sampled()}) or was not sampled and is not recorded. */
  record Started(SpanContext context) implements StartReply {}

  /** The span is ended, stored and queued for export. */
  record Ended(SpanData span) implements EndReply {}

  /** No open span has this id (never started, not sampled, ended, evicted or reaped). */
  record NotActive(String spanId) implements EndReply {}

  /**
   * Answer to {@link IngestSpans}.
   *
   * @param accepted spans stored
   * @param rejected spans refused
   * @param firstProblem why the first refused span was refused, {@code ""} when none was
   */
  record Ingested(int accepted, int rejected, String firstProblem) implements IngestReply {}

  /** The trace's stored spans, by start time. */
  record TraceFound(String traceId, List<SpanData> spans) implements GetTraceReply {
    public TraceFound {
      spans = List.copyOf(spans);
    }
  }

  /** No stored trace has this id (unknown, expired or evicted). */
  record TraceNotFound(String traceId) implements GetTraceReply {}

  /** Answer to {@link FindTraces}: newest first. */
  record TracesFound(List<TraceSummary> traces) implements FindTracesReply {
    public TracesFound {
      traces = List.copyOf(traces);
    }
  }

  /**
   * The request was refused and changed nothing.
   *
   * @param reason why, naming the field or bound
   */
  record Rejected(String reason)
      implements StartReply, EndReply, IngestReply, GetTraceReply, FindTracesReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The rule on attribute values, applied by every record that holds attributes. */
  final class AttributeValues {
    private AttributeValues() {}

    /**
     * An immutable copy of {@code attributes} with values normalised (integers to {@link Long},
     * floats to {@link Double}, lists copied), in the given iteration order.
     *
     * @throws IllegalArgumentException for a null key or value, or a value of another type
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copy(Map<String, ?> attributes) {
      if (attributes.isEmpty()) {
        return Map.of();
      }
      if (attributes instanceof Frozen) {
        // already a checked, immutable copy: records passing attributes on share it
        return (Map<String, Object>) attributes;
      }
      Frozen out = new Frozen(attributes.size());
      attributes.forEach(
          (k, v) -> {
            if (k == null) {
              throw new IllegalArgumentException("attribute keys must not be null");
            }
            out.putChecked(k, normalise(k, v, true));
          });
      return out;
    }

    private static Object normalise(String key, Object v, boolean listAllowed) {
      if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
        return v;
      }
      if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
        return ((Number) v).longValue();
      }
      if (v instanceof Float f) {
        return f.doubleValue();
      }
      if (listAllowed && v instanceof List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object item : list) {
          copy.add(normalise(key, item, false));
        }
        return List.copyOf(copy);
      }
      throw new IllegalArgumentException(
          "attribute \""
              + key
              + "\" must be a string, boolean, long, double or a list of those, but was "
              + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    /**
     * An insertion-ordered map that refuses every change once built (its views and entries too).
     */
    private static final class Frozen extends java.util.AbstractMap<String, Object> {
      private final LinkedHashMap<String, Object> backing;
      private final Map<String, Object> view;

      Frozen(int size) {
        backing = new LinkedHashMap<>(Math.max(4, size * 2));
        view = java.util.Collections.unmodifiableMap(backing);
      }

      void putChecked(String key, Object value) {
        backing.put(key, value);
      }

      @Override
      public Object get(Object key) {
        return backing.get(key);
      }

      @Override
      public boolean containsKey(Object key) {
        return backing.containsKey(key);
      }

      @Override
      public int size() {
        return backing.size();
      }

      @Override
      public java.util.Set<Map.Entry<String, Object>> entrySet() {
        return view.entrySet();
      }
    }
  }
}
