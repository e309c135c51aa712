package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.TracerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.tracer.TracerProtocol;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The tracer under 100 × its {@code max-active-spans} of distinct trace ids: a root span started
 * (fire and forget) in each trace in turn, and ended for three traces in four, so open spans fill
 * up and are evicted while finished ones fill the trace store under {@code max-traces}, {@code
 * max-spans-stored} and {@code max-bytes}. The size is the open spans.
 */
final class TracerSoak implements SoakSubject {
  private final BoundedRuntime runtime;
  private final TracerSettings settings;
  private long next;

  TracerSoak(BoundedRuntime runtime) {
    this.runtime = runtime;
    this.settings = runtime.settings().tracer();
  }

  @Override
  public String name() {
    return "tracer";
  }

  @Override
  public long capacity() {
    return settings.maxActiveSpans();
  }

  @Override
  public long drive(BooleanSupplier stop, Pacer pacer) throws Exception {
    ActorRef<TracerProtocol.Command> tracer = runtime.tracer();
    int window = SoakDrivers.window(settings.mailboxCapacity());
    long distinct = distinctKeys();
    long n = 0;
    while (!stop.getAsBoolean()) {
      for (int sent = 0; sent < window; n++) {
        long k = (next + n) % distinct;
        // never all zeros: the high half of the trace id and the span id are k + 1
        String spanId = SoakDrivers.hex16(k + 1);
        tracer.tell(
            new TracerProtocol.StartSpan(
                SoakDrivers.hex16(0x50a4L) + spanId,
                spanId,
                null,
                "soak",
                "op",
                TracerProtocol.SpanKind.INTERNAL,
                Map.of("soak.key", k),
                List.of(),
                null,
                null));
        sent++;
        if (k % 4 != 3) {
          tracer.tell(TracerProtocol.EndSpan.of(spanId));
          sent++;
        }
      }
      stats();
      pacer.rest(stop);
    }
    next += n;
    return n;
  }

  @Override
  public ComponentStats stats() throws Exception {
    return SoakDrivers.stats(runtime, runtime.tracer(), TracerProtocol.GetStats::new);
  }

  @Override
  public List<String> otherBounds(ComponentStats s) {
    return SoakSubject.broken(
        SoakSubject.above(s, "stored-traces", settings.maxTraces(), "max-traces"),
        SoakSubject.above(s, "stored-spans", settings.maxSpansStored(), "max-spans-stored"),
        SoakSubject.above(s, "bytes", settings.maxBytes(), "max-bytes"));
  }

  @Override
  public String summary(ComponentStats s) {
    return SoakSubject.super.summary(s)
        + String.format(
            Locale.ROOT,
            "; evicted open spans %,d, %,d traces and %,d spans stored at the end (%s)",
            s.gauge("evicted-spans"),
            s.gauge("stored-traces"),
            s.gauge("stored-spans"),
            Soak.mib1(s.gauge("bytes")));
  }
}
