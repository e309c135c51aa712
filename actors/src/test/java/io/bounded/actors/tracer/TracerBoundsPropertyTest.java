package io.bounded.actors.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.actors.TestClock;
import io.bounded.config.TracerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.tracer.TracerProtocol.AddEvent;
import io.bounded.protocols.tracer.TracerProtocol.Command;
import io.bounded.protocols.tracer.TracerProtocol.EndSpan;
import io.bounded.protocols.tracer.TracerProtocol.GetStats;
import io.bounded.protocols.tracer.TracerProtocol.SpanKind;
import io.bounded.protocols.tracer.TracerProtocol.StartSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;

/**
 * Random start/event/end sequences over a few traces (with time moving) against the tracer actor,
 * run synchronously: after every step, open spans <= max-active-spans, stored traces and spans <=
 * their bounds, and bytes <= max-bytes.
 */
class TracerBoundsPropertyTest {

  /** One step: 0 start, 1 add an event, 2 end, 3 let time pass. */
  record Op(int kind, int span, int trace, int size) {}

  @Property(tries = 150)
  void anySequence_staysWithinEveryBound(
      @ForAll @IntRange(min = 1, max = 8) int maxActive,
      @ForAll @IntRange(min = 1, max = 4) int maxTraces,
      @ForAll @IntRange(min = 1, max = 10) int maxSpans,
      @ForAll("ops") List<Op> ops) {
    TracerSettings settings =
        TracerActorTest.settings(
            "max-active-spans = "
                + maxActive
                + ", max-traces = "
                + maxTraces
                + ", default-query-limit = 1, max-spans-stored = "
                + maxSpans
                + ", max-bytes = 1 MiB");
    TestClock clock = new TestClock();
    BehaviorTestKit<Command> kit =
        BehaviorTestKit.create(TracerActor.create(settings, clock, new LongAdder(), null));
    TestInbox<ComponentStats> stats = TestInbox.create();
    for (Op op : ops) {
      String spanId = String.format("%016x", op.span() + 1);
      switch (op.kind()) {
        case 0 ->
            kit.run(
                new StartSpan(
                    String.format("%032x", op.trace() + 1),
                    spanId,
                    null,
                    "svc",
                    "op",
                    SpanKind.INTERNAL,
                    Map.of("payload", "x".repeat(op.size() * 1000)),
                    List.of(),
                    null,
                    null));
        case 1 ->
            kit.run(new AddEvent(spanId, "e", Map.of("v", "y".repeat(op.size() * 500)), null));
        case 2 -> kit.run(EndSpan.of(spanId));
        default -> clock.advance(Duration.ofSeconds(op.size()));
      }
      kit.run(new GetStats(stats.getRef()));
      ComponentStats s = stats.receiveMessage();
      assertThat(s.size()).isLessThanOrEqualTo(maxActive);
      assertThat(s.gauge("stored-traces")).isLessThanOrEqualTo(maxTraces);
      assertThat(s.gauge("stored-spans")).isLessThanOrEqualTo(maxSpans);
      assertThat(s.gauge("bytes")).isBetween(0L, 1024L * 1024);
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 200))
            .as(Op::new);
    return op.list().ofMaxSize(100);
  }
}
