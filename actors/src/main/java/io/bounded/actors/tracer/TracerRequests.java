package io.bounded.actors.tracer;

import io.bounded.config.TracerSettings;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import io.bounded.protocols.tracer.TracerProtocol.SpanStatus;
import io.bounded.protocols.tracer.TracerProtocol.StartSpan;

/**
 * The tracer's input rules in one place: the actor refuses what these name, and edges (the node's
 * routes) check first to choose a status code. Each method answers the reason a request would be
 * refused, or {@code null} when it is acceptable.
 */
public final class TracerRequests {
  private TracerRequests() {}

  /** Why {@code id} is not a W3C trace id (32 lowercase hex digits, not all zero), or null. */
  public static String traceIdProblem(String id) {
    return TraceIds.traceIdProblem(id);
  }

  /** Why {@code id} is not a W3C span id (16 lowercase hex digits, not all zero), or null. */
  public static String spanIdProblem(String id) {
    return TraceIds.spanIdProblem(id);
  }

  /**
   * Why a span name or service would be refused: empty, or longer than {@code
   * span-limits.max-attribute-value-length}.
   */
  public static String nameProblem(TracerSettings settings, String what, String value) {
    if (value.isEmpty()) {
      return what + " must not be empty";
    }
    int max = settings.spanLimits().maxAttributeValueLength();
    if (value.length() > max) {
      return what
          + " is "
          + value.length()
          + " characters, longer than bounded.tracer.span-limits.max-attribute-value-length ("
          + max
          + ")";
    }
    return null;
  }

  /** Why a {@link StartSpan} would be refused, or null. */
  public static String startProblem(TracerSettings settings, StartSpan start) {
    String p = traceIdProblem(start.traceId());
    if (p == null) {
      p = spanIdProblem(start.spanId());
    }
    if (p == null && start.parent() != null) {
      if (!start.parent().traceId().equals(start.traceId())) {
        p =
            "a child span must have its parent's trace id "
                + start.parent().traceId()
                + ", but was "
                + start.traceId();
      } else {
        p = spanIdProblem(start.parent().spanId());
        if (p != null) {
          p = "parent " + p;
        }
      }
    }
    if (p == null) {
      p = nameProblem(settings, "service", start.service());
    }
    if (p == null) {
      p = nameProblem(settings, "name", start.name());
    }
    return p;
  }

  /** Why a status set by a caller would be refused: {@code EVICTED} and {@code ORPHANED}. */
  public static String statusProblem(SpanStatus status) {
    if (status == SpanStatus.EVICTED || status == SpanStatus.ORPHANED) {
      return "status "
          + status
          + " is set only by the tracer; use UNSET, OK or ERROR (a span's own status)";
    }
    return null;
  }

  /** Why a finished span made elsewhere (ingested) would be refused, or null. */
  public static String ingestProblem(TracerSettings settings, SpanData s) {
    String p = traceIdProblem(s.traceId());
    if (p == null) {
      p = spanIdProblem(s.spanId());
    }
    if (p == null && !s.parentSpanId().isEmpty()) {
      p = spanIdProblem(s.parentSpanId());
      if (p != null) {
        p = "parent " + p;
      }
    }
    if (p == null) {
      p = nameProblem(settings, "service", s.service());
    }
    if (p == null) {
      p = nameProblem(settings, "name", s.name());
    }
    if (p == null && s.endEpochNanos() < s.startEpochNanos()) {
      p = "span " + s.spanId() + " ends before it starts";
    }
    return p;
  }

  /** Why a listing limit would be refused: outside 1..{@code max-traces}. */
  public static String limitProblem(TracerSettings settings, int limit) {
    if (limit < 1 || limit > settings.maxTraces()) {
      return "limit must be between 1 and bounded.tracer.max-traces ("
          + settings.maxTraces()
          + "), but was "
          + limit;
    }
    return null;
  }
}
