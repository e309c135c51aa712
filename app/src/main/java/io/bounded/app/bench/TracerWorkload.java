package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tracer's standard workload, reusing {@link TracerBench}: spans started, ended and exported to
 * a no-op exporter per second, a fresh tracer actor against the OpenTelemetry SDK's {@code
 * BatchSpanProcessor}. A span counts when it reached the exporter; dropped spans go to the notes.
 */
final class TracerWorkload implements Workload {
  private final AtomicInteger rounds = new AtomicInteger();

  @Override
  public String name() {
    return "tracer";
  }

  @Override
  public String description() {
    return "tracer spans exported/s vs the OpenTelemetry SDK's BatchSpanProcessor (no-op exporter)";
  }

  @Override
  public int measurements() {
    return 2;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    BoundedRuntime runtime = ctx.runtime();
    long[] dropped = new long[2];
    Measurement otel =
        ctx.measure(
            "OpenTelemetry SDK BatchSpanProcessor",
            false,
            (deadline, h) -> {
              TracerBench.Result r = TracerBench.otel(Long.MAX_VALUE, deadline);
              dropped[0] = r.dropped();
              return r.exported();
            });
    Measurement bounded =
        ctx.measure(
            "tracer actor, start → end → export",
            false,
            (deadline, h) -> {
              TracerBench.Result r =
                  TracerBench.bounded(
                      runtime, Long.MAX_VALUE, 1_000 + rounds.incrementAndGet(), deadline);
              dropped[1] = r.dropped();
              return r.exported();
            });
    ctx.note(
        "tracer: spans dropped in the measured run: OpenTelemetry SDK "
            + dropped[0]
            + ", Bounded tracer "
            + dropped[1]);
    return List.of(Row.baseline(name(), otel), Row.compared(name(), bounded, otel));
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) {
    return Optional.of(new TracerSoak(runtime));
  }

  @Override
  public boolean soaks() {
    return true;
  }
}
