package io.bounded.actors.tracer;

import io.bounded.config.TracerSettings;
import io.bounded.protocols.tracer.TracerProtocol.SpanData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The built-in exporters named by {@code bounded.tracer.export.exporter}. */
final class SpanExporters {
  private SpanExporters() {}

  /**
   * The configured exporter, or {@code null} for {@code none}.
   *
   * @param blocking the blocking dispatcher: file writes, log lines and HTTP callbacks run there
   */
  static SpanExporter create(TracerSettings.Export export, Executor blocking) {
    return switch (export.exporter()) {
      case NONE -> null;
      case LOG -> new LogExporter(blocking);
      case FILE -> new FileExporter(Path.of(export.fileDirectory()), blocking);
      case OTLP -> new OtlpExporter(export, blocking);
    };
  }

  /** One INFO line per span on logger {@code io.bounded.tracer.spans}. */
  static final class LogExporter implements SpanExporter {
    private static final Logger SPANS = LoggerFactory.getLogger("io.bounded.tracer.spans");
    private final Executor blocking;

    LogExporter(Executor blocking) {
      this.blocking = blocking;
    }

    @Override
    public CompletionStage<Void> export(List<SpanData> batch) {
      return CompletableFuture.runAsync(
          () -> {
            for (SpanData s : batch) {
              SPANS.info(
                  "span trace={} span={} parent={} service={} name=\"{}\" kind={} durationMicros={}"
                      + " status={}",
                  s.traceId(),
                  s.spanId(),
                  s.parentSpanId().isEmpty() ? "-" : s.parentSpanId(),
                  s.service(),
                  s.name(),
                  s.kind(),
                  (s.endEpochNanos() - s.startEpochNanos()) / 1000,
                  s.status());
            }
          },
          blocking);
    }
  }

  /**
   * Appends JSON lines ({@link SpanJson#flat}) to {@code spans.jsonl} in the directory, which is
   * created on the first export, on the blocking dispatcher (never on an actor thread).
   */
  static final class FileExporter implements SpanExporter {
    static final String FILE_NAME = "spans.jsonl";
    private final Path directory;
    private final Executor blocking;

    FileExporter(Path directory, Executor blocking) {
      this.directory = directory;
      this.blocking = blocking;
    }

    @Override
    public CompletionStage<Void> export(List<SpanData> batch) {
      return CompletableFuture.runAsync(
          () -> {
            try {
              Files.createDirectories(directory);
              try (BufferedWriter w =
                  Files.newBufferedWriter(
                      directory.resolve(FILE_NAME),
                      StandardCharsets.UTF_8,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.APPEND)) {
                StringBuilder line = new StringBuilder(512);
                for (SpanData s : batch) {
                  line.setLength(0);
                  SpanJson.flat(s, line);
                  w.append(line).append('\n');
                }
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          blocking);
    }
  }

  /**
   * POSTs OTLP/HTTP JSON to {@code otlp-url} with the JDK HTTP client, whose callbacks run on the
   * blocking dispatcher; any answer but 2xx fails the batch.
   */
  static final class OtlpExporter implements SpanExporter {
    private final TracerSettings.Export export;
    private final HttpClient client;

    OtlpExporter(TracerSettings.Export export, Executor blocking) {
      this.export = export;
      this.client =
          HttpClient.newBuilder()
              .executor(blocking)
              .connectTimeout(export.timeout())
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }

    @Override
    public CompletionStage<Void> export(List<SpanData> batch) {
      HttpRequest request =
          HttpRequest.newBuilder(export.otlpUrl())
              .timeout(export.timeout())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(SpanJson.otlp(batch)))
              .build();
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .thenApply(
              response -> {
                int status = response.statusCode();
                if (status < 200 || status > 299) {
                  throw new IllegalStateException(
                      "the collector at " + export.otlpUrl() + " answered HTTP " + status);
                }
                return null;
              });
    }
  }
}
