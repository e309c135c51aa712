package io.bounded.actors.tracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bounded.protocols.tracer.TracerProtocol.SpanContext;
import org.junit.jupiter.api.Test;

class TracerClientTest {
  @Test
  void extract_malformedHeader_throwsWithTheReason() {
    assertThatThrownBy(() -> TracerClient.extract("00-abc", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 55 characters");
  }

  @Test
  void traceparentThenExtract_roundTripsWithTracestate() {
    SpanContext c = new SpanContext(TraceIds.newTraceId(), TraceIds.newSpanId(), true, "a=1");
    SpanContext back = TracerClient.extract(TracerClient.traceparent(c), c.traceState());
    assertThat(back).isEqualTo(c);
  }
}
