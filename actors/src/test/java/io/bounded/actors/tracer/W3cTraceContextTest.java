package io.bounded.actors.tracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.bounded.protocols.tracer.TracerProtocol.SpanContext;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class W3cTraceContextTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00f067aa0ba902b7";

  @Test
  void parse_specExample_givesIdsAndSampledFlag() {
    var parsed = W3cTraceContext.parse("00-" + TRACE + "-" + SPAN + "-01", null);
    assertThat(parsed.problem()).isNull();
    assertThat(parsed.value()).isEqualTo(new SpanContext(TRACE, SPAN, true, ""));
  }

  @Test
  void parse_flagsWithoutSampledBit_isNotSampled() {
    assertThat(W3cTraceContext.parse("00-" + TRACE + "-" + SPAN + "-02", null).value().sampled())
        .isFalse();
  }

  @Test
  void formatThenParse_roundTrips() {
    for (boolean sampled : new boolean[] {true, false}) {
      SpanContext c = new SpanContext(TraceIds.newTraceId(), TraceIds.newSpanId(), sampled, "");
      String header = W3cTraceContext.format(c);
      assertThat(header).hasSize(55).startsWith("00-");
      assertThat(W3cTraceContext.parse(header, null).value()).isEqualTo(c);
    }
  }

  @Test
  void parse_futureVersionWithExtraFields_ignoresThem() {
    var parsed = W3cTraceContext.parse("cc-" + TRACE + "-" + SPAN + "-01-what-the-future", null);
    assertThat(parsed.value()).isEqualTo(new SpanContext(TRACE, SPAN, true, ""));
  }

  @Test
  void parse_withTracestate_keepsMembersTrimmedWithoutEmptyOnes() {
    var parsed =
        W3cTraceContext.parse(
            "00-" + TRACE + "-" + SPAN + "-01", " rojo=00f067aa0ba902b7 ,, congo=t61rcWkgMzE\t");
    assertThat(parsed.value().traceState()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  }

  static Stream<Arguments> malformedTraceparents() {
    return Stream.of(
        arguments(null, "traceparent is missing"),
        arguments("", "at least 55 characters"),
        arguments("00-" + TRACE + "-" + SPAN, "at least 55 characters"),
        arguments("00_" + TRACE + "-" + SPAN + "-01", "separated by '-'"),
        arguments("0g-" + TRACE + "-" + SPAN + "-01", "version must be 2 lowercase hex digits"),
        arguments("ff-" + TRACE + "-" + SPAN + "-01", "version ff is invalid"),
        arguments("00-" + TRACE + "-" + SPAN + "-01-extra", "exactly 55 characters"),
        arguments("01-" + TRACE + "-" + SPAN + "-01x", "continue with '-'"),
        arguments("00-" + TRACE.toUpperCase() + "-" + SPAN + "-01", "32 lowercase hex digits"),
        arguments("00-" + "0".repeat(32) + "-" + SPAN + "-01", "trace id must not be all zeros"),
        arguments("00-" + TRACE + "-" + "0".repeat(16) + "-01", "span id must not be all zeros"),
        arguments("00-" + TRACE + "-" + "00f067aa0ba9z2b7" + "-01", "16 lowercase hex digits"),
        arguments("00-" + TRACE + "-" + SPAN + "-0G", "flags must be 2 lowercase hex digits"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedTraceparents")
  void parse_malformedTraceparent_isRejectedWithReason(String header, String reason) {
    var parsed = W3cTraceContext.parse(header, null);
    assertThat(parsed.isOk()).isFalse();
    assertThat(parsed.value()).isNull();
    assertThat(parsed.problem()).contains(reason);
  }

  static Stream<Arguments> malformedTracestates() {
    return Stream.of(
        arguments("novalue", "must be key=value"),
        arguments("=v", "must be key=value"),
        arguments("Upper=v", "tracestate key \"Upper\""),
        arguments("1abc=v", "tracestate key \"1abc\""),
        arguments("a=", "tracestate value of \"a\""),
        arguments("a=b\u0001c", "tracestate value of \"a\""),
        arguments("a=x,a=y", "appears more than once"),
        arguments("a=" + "v".repeat(257), "tracestate value of \"a\""),
        arguments("t@" + "s".repeat(15) + "=v", "tracestate key"),
        arguments(manyMembers(33), "at most 32 members"),
        arguments("a=" + "v".repeat(520), "at most 512 characters"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedTracestates")
  void parse_malformedTracestate_isRejectedWithReason(String header, String reason) {
    var parsed = W3cTraceContext.parse("00-" + TRACE + "-" + SPAN + "-01", header);
    assertThat(parsed.isOk()).isFalse();
    assertThat(parsed.problem()).contains(reason);
  }

  @Test
  void parseTraceState_multiTenantKeyAndExactly32Members_isAccepted() {
    assertThat(W3cTraceContext.parseTraceState("0tenant@sys=v,b=1").value())
        .containsExactly("0tenant@sys=v", "b=1");
    assertThat(W3cTraceContext.parseTraceState(manyMembers(32)).value()).hasSize(32);
  }

  private static String manyMembers(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
    }
    return b.toString();
  }
}
