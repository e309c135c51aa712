package io.bounded.actors.tracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bounded.protocols.tracer.TracerProtocol.SpanContext;
import org.junit.jupiter.api.Test;

class ParentRatioSamplerTest {

  private static int sampledOf(ParentRatioSampler s, int n) {
    int sampled = 0;
    for (int i = 0; i < n; i++) {
      if (s.sampled(null, TraceIds.newTraceId())) {
        sampled++;
      }
    }
    return sampled;
  }

  @Test
  void root_ratioOne_alwaysSampled() {
    assertThat(sampledOf(new ParentRatioSampler(1.0), 2000)).isEqualTo(2000);
  }

  @Test
  void root_ratioZero_neverSampledEvenForTheExtremeId() {
    ParentRatioSampler s = new ParentRatioSampler(0.0);
    assertThat(sampledOf(s, 2000)).isZero();
    // low half = Long.MIN_VALUE, whose absolute value is negative
    assertThat(s.sampled(null, "00000000000000018000000000000000")).isFalse();
  }

  @Test
  void root_ratioQuarter_samplesAboutAQuarter() {
    int sampled = sampledOf(new ParentRatioSampler(0.25), 20_000);
    assertThat(sampled).isBetween(4_400, 5_600);
  }

  @Test
  void root_sameTraceId_sameDecision() {
    ParentRatioSampler s = new ParentRatioSampler(0.5);
    String id = TraceIds.newTraceId();
    boolean first = s.sampled(null, id);
    for (int i = 0; i < 10; i++) {
      assertThat(s.sampled(null, id)).isEqualTo(first);
    }
  }

  @Test
  void child_followsParentFlagWhateverTheRatio() {
    String trace = TraceIds.newTraceId();
    SpanContext sampled = new SpanContext(trace, TraceIds.newSpanId(), true, "");
    SpanContext notSampled = new SpanContext(trace, TraceIds.newSpanId(), false, "");
    assertThat(new ParentRatioSampler(0.0).sampled(sampled, trace)).isTrue();
    assertThat(new ParentRatioSampler(1.0).sampled(notSampled, trace)).isFalse();
  }

  @Test
  void ratio_outsideZeroToOne_isRefused() {
    assertThatThrownBy(() -> new ParentRatioSampler(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParentRatioSampler(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
