package io.bounded.actors.tracer;

import io.bounded.protocols.tracer.TracerProtocol.SpanContext;

/**
 * OpenTelemetry's {@code ParentBased(TraceIdRatioBased(ratio))}: a child span follows its parent's
 * {@code sampled} flag; a root span is sampled when the low 64 bits of its trace id, taken as a
 * signed number without its sign, fall below {@code ratio x Long.MAX_VALUE}. The decision depends
 * only on the trace id, so every process with the same ratio samples the same traces.
 */
final class ParentRatioSampler {
  private final long bound;
  private final boolean all;

  /**
   * @param ratio fraction 0..1 of root spans sampled ({@code bounded.tracer.sample-ratio})
   */
  ParentRatioSampler(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("ratio must be in [0, 1], but was " + ratio);
    }
    this.all = ratio >= 1.0;
    this.bound = (long) (ratio * Long.MAX_VALUE);
  }

  /**
   * Whether a span of trace {@code traceId} with {@code parent} is recorded.
   *
   * @param parent the parent's context, or {@code null} for a root span
   * @param traceId a valid trace id (32 lowercase hex digits)
   */
  boolean sampled(SpanContext parent, String traceId) {
    if (parent != null) {
      return parent.sampled();
    }
    if (all) {
      return true;
    }
    if (bound == 0) {
      return false;
    }
    long low = Long.parseUnsignedLong(traceId.substring(16), 16);
    return Math.abs(low) < bound;
  }
}
