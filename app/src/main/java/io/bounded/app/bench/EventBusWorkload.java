package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event bus's standard workload, reusing {@link EventBusBench}: events delivered per second
 * from one publisher (publishes of 100 events, policy {@code backpressure}, acked batches) to 1 and
 * to 10 subscribers, against a bare Pekko stream per subscriber ({@code Source.queue →
 * groupedWithin → sink}). Runs on the configured {@code bounded.event-bus} settings.
 */
final class EventBusWorkload implements Workload {
  private static final int PUBLISH = 100;
  private final AtomicInteger topics = new AtomicInteger();

  @Override
  public String name() {
    return "events";
  }

  @Override
  public String description() {
    return "event bus delivery to 1 and 10 subscribers vs a bare Pekko stream per subscriber";
  }

  @Override
  public int measurements() {
    return 4;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    BoundedRuntime runtime = ctx.runtime();
    EventBusBench bench = EventBusBench.quiet();
    Measurement bare1 =
        ctx.measure(
            "bare stream, 1 subscriber",
            false,
            (deadline, h) ->
                Workloads.chunks(
                    deadline,
                    300_000,
                    n -> {
                      bench.bareStream(runtime.system(), 1, n);
                      return n;
                    }));
    Measurement bus1 =
        ctx.measure(
            "event bus, 1 subscriber, publishes of 100",
            false,
            (deadline, h) ->
                Workloads.chunks(
                    deadline,
                    300_000,
                    n -> {
                      bench.bus(runtime, "bench-" + topics.incrementAndGet(), 1, n, PUBLISH);
                      return n;
                    }));
    Measurement bare10 =
        ctx.measure(
            "bare stream, 10 subscribers (deliveries)",
            false,
            (deadline, h) ->
                Workloads.chunks(
                    deadline,
                    50_000,
                    n -> {
                      bench.bareStream(runtime.system(), 10, n);
                      return 10 * n;
                    }));
    Measurement bus10 =
        ctx.measure(
            "event bus, 10 subscribers (deliveries)",
            false,
            (deadline, h) ->
                Workloads.chunks(
                    deadline,
                    50_000,
                    n -> {
                      bench.bus(runtime, "bench-" + topics.incrementAndGet(), 10, n, PUBLISH);
                      return 10 * n;
                    }));
    return List.of(
        Row.baseline(name(), bare1),
        Row.compared(name(), bus1, bare1),
        Row.baseline(name(), bare10),
        Row.compared(name(), bus10, bare10));
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) {
    return Optional.of(new EventBusSoak(runtime));
  }

  @Override
  public boolean soaks() {
    return true;
  }
}
