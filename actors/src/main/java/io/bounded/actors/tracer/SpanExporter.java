package io.bounded.actors.tracer;

import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where batches of finished spans go. The tracer's export stream calls {@link #export} with one
 * batch at a time (never concurrently) and fails the call after {@code
 * bounded.tracer.export.timeout}. An implementation must not block the calling thread: blocking
 * work belongs on {@code bounded.blocking-dispatcher} (the built-in file and log exporters run
 * there).
 */
public interface SpanExporter {
  /** Exports one batch; the stage completes when it is delivered, exceptionally when not. */
  CompletionStage<Void> export(List<SpanData> batch);

  /** Releases what the exporter holds (called when the tracer stops). */
  default void close() {}
}
