package io.bounded.config;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the tracer, from {@code bounded.tracer}. The tracer keeps at most {@code
 * maxActiveSpans} open spans (past it the least-recently-touched is ended as {@code evicted}; one
 * open longer than {@code maxSpanDuration} is ended as {@code orphaned}), stores at most {@code
 * maxTraces} finished traces holding at most {@code maxSpansStored} spans, none older than {@code
 * retention}, and exports through a bounded queue.
 *
 * @param maxActiveSpans most open spans ({@code bounded.tracer.max-active-spans})
 * @param maxSpanDuration an open span older than this is ended as orphaned ({@code
 *     bounded.tracer.max-span-duration})
 * @param retention finished traces older than this are dropped ({@code bounded.tracer.retention})
 * @param maxTraces most finished traces stored ({@code bounded.tracer.max-traces})
 * @param maxSpansStored most finished spans stored over all traces ({@code
 *     bounded.tracer.max-spans-stored})
 * @param maxBytes most estimated bytes of open, stored and queued spans together ({@code
 *     bounded.tracer.max-bytes})
 * @param defaultQueryLimit trace summaries listed when a query names no limit ({@code
 *     bounded.tracer.default-query-limit})
 * @param cleanupInterval how often orphans are reaped and old traces dropped ({@code
 *     bounded.tracer.cleanup-interval})
 * @param sampleRatio fraction 0..1 of root spans sampled ({@code bounded.tracer.sample-ratio})
 * @param spanLimits what one span may hold ({@code bounded.tracer.span-limits})
 * @param export where finished spans go ({@code bounded.tracer.export})
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.tracer.mailbox-capacity})
 */
public record TracerSettings(
    int maxActiveSpans,
    Duration maxSpanDuration,
    Duration retention,
    int maxTraces,
    int maxSpansStored,
    long maxBytes,
    int defaultQueryLimit,
    Duration cleanupInterval,
    double sampleRatio,
    SpanLimits spanLimits,
    Export export,
    int mailboxCapacity) {

  /** The config section. */
  public static final String PATH = "bounded.tracer";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public TracerSettings {
    Problems p =
        check(
            maxActiveSpans,
            maxSpanDuration,
            retention,
            maxTraces,
            maxSpansStored,
            maxBytes,
            defaultQueryLimit,
            cleanupInterval,
            sampleRatio,
            mailboxCapacity);
    p.require(spanLimits != null, "span-limits", "set", "null");
    p.require(export != null, "export", "set", "null");
    p.throwIfAny();
  }

  /**
   * OpenTelemetry span limits, from {@code bounded.tracer.span-limits}: what a span holds past them
   * is dropped and counted on the span.
   *
   * @param maxAttributes most attributes per span ({@code
   *     bounded.tracer.span-limits.max-attributes})
   * @param maxEvents most events per span ({@code bounded.tracer.span-limits.max-events})
   * @param maxLinks most links per span ({@code bounded.tracer.span-limits.max-links})
   * @param maxAttributeValueLength longest attribute value, in characters ({@code
   *     bounded.tracer.span-limits.max-attribute-value-length})
   */
  public record SpanLimits(
      int maxAttributes, int maxEvents, int maxLinks, int maxAttributeValueLength) {

    /** The config section. */
    public static final String PATH = TracerSettings.PATH + ".span-limits";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public SpanLimits {
      Problems p = new Problems(PATH);
      p.between("max-attributes", maxAttributes, 1, 10_000);
      p.between("max-events", maxEvents, 1, 10_000);
      p.between("max-links", maxLinks, 1, 10_000);
      p.between("max-attribute-value-length", maxAttributeValueLength, 1, 1_048_576);
      p.throwIfAny();
    }
  }

  /**
   * Export of finished spans, from {@code bounded.tracer.export}.
   *
   * @param exporter where spans go ({@code bounded.tracer.export.exporter})
   * @param queueSize finished spans waiting for export; past it spans are dropped and counted
   *     ({@code bounded.tracer.export.queue-size})
   * @param maxBatch most spans per export batch, at most {@code queueSize} ({@code
   *     bounded.tracer.export.max-batch})
   * @param delay longest a partial batch waits ({@code bounded.tracer.export.delay})
   * @param timeout one export call fails after this ({@code bounded.tracer.export.timeout})
   * @param fileDirectory directory of the file exporter ({@code
   *     bounded.tracer.export.file-directory})
   * @param otlpUrl collector URL of the otlp exporter ({@code bounded.tracer.export.otlp-url})
   */
  public record Export(
      Exporter exporter,
      int queueSize,
      int maxBatch,
      Duration delay,
      Duration timeout,
      String fileDirectory,
      URI otlpUrl) {

    /** The config section. */
    public static final String PATH = TracerSettings.PATH + ".export";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public Export {
      Problems p = new Problems(PATH);
      p.require(exporter != null, "exporter", "one of " + Exporter.configNames(), "null");
      p.between("queue-size", queueSize, 1, 10_000_000);
      p.between("max-batch", maxBatch, 1, 100_000);
      if (queueSize >= 1 && maxBatch >= 1 && maxBatch <= 100_000) {
        // a batch larger than the queue could never fill
        p.require(
            maxBatch <= queueSize, "max-batch", "<= queue-size (" + queueSize + ")", maxBatch);
      }
      p.positive("delay", delay);
      p.positive("timeout", timeout);
      p.notBlank("file-directory", fileDirectory);
      p.require(
          HttpUrls.isHttp(otlpUrl),
          "otlp-url",
          HttpUrls.RULE,
          otlpUrl == null ? "null" : Problems.quote(otlpUrl.toString()));
      p.throwIfAny();
    }
  }

  /** Where finished spans are exported, as named in config. */
  public enum Exporter {
    /** Nowhere: spans are only stored. */
    NONE,
    /** To the log, one line per span. */
    LOG,
    /** To JSON-lines files under {@code file-directory}. */
    FILE,
    /** To an OpenTelemetry collector at {@code otlp-url} (OTLP/HTTP JSON). */
    OTLP;

    /** The value used in config, e.g. {@code otlp}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Every config name, for validation messages. */
    public static Set<String> configNames() {
      return Arrays.stream(values()).map(Exporter::configName).collect(Collectors.toSet());
    }

    /** The exporter with that config name, or {@code null}. */
    public static Exporter fromConfigName(String name) {
      for (Exporter e : values()) {
        if (e.configName().equals(name)) {
          return e;
        }
      }
      return null;
    }
  }

  /**
   * Reads and validates {@code bounded.tracer}.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem
   */
  public static TracerSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    Integer maxActiveSpans = r.integer("max-active-spans");
    Duration maxSpanDuration = r.duration("max-span-duration");
    Duration retention = r.duration("retention");
    Integer maxTraces = r.integer("max-traces");
    Integer maxSpansStored = r.integer("max-spans-stored");
    Long maxBytes = r.bytes("max-bytes");
    Integer defaultQueryLimit = r.integer("default-query-limit");
    Duration cleanupInterval = r.duration("cleanup-interval");
    Double sampleRatio = r.decimal("sample-ratio");
    Integer maxAttributes = r.integer("span-limits.max-attributes");
    Integer maxEvents = r.integer("span-limits.max-events");
    Integer maxLinks = r.integer("span-limits.max-links");
    Integer maxAttributeValueLength = r.integer("span-limits.max-attribute-value-length");
    String exporterName = r.string("export.exporter");
    Integer queueSize = r.integer("export.queue-size");
    Integer maxBatch = r.integer("export.max-batch");
    Duration delay = r.duration("export.delay");
    Duration timeout = r.duration("export.timeout");
    String fileDirectory = r.string("export.file-directory");
    String otlpUrlText = r.string("export.otlp-url");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    if (exporterName != null) {
      r.problems().oneOf("export.exporter", exporterName, Exporter.configNames());
    }
    URI otlpUrl = HttpUrls.parse(otlpUrlText);
    if (otlpUrlText != null && otlpUrl == null) {
      r.problems().require(false, "export.otlp-url", HttpUrls.RULE, Problems.quote(otlpUrlText));
    }
    r.problems().throwIfAny();

    Problems p =
        check(
            maxActiveSpans,
            maxSpanDuration,
            retention,
            maxTraces,
            maxSpansStored,
            maxBytes,
            defaultQueryLimit,
            cleanupInterval,
            sampleRatio,
            mailboxCapacity);
    SpanLimits spanLimits =
        p.collect(
            () -> new SpanLimits(maxAttributes, maxEvents, maxLinks, maxAttributeValueLength));
    Export export =
        p.collect(
            () ->
                new Export(
                    Exporter.fromConfigName(exporterName),
                    queueSize,
                    maxBatch,
                    delay,
                    timeout,
                    fileDirectory,
                    otlpUrl));
    p.throwIfAny();
    return new TracerSettings(
        maxActiveSpans,
        maxSpanDuration,
        retention,
        maxTraces,
        maxSpansStored,
        maxBytes,
        defaultQueryLimit,
        cleanupInterval,
        sampleRatio,
        spanLimits,
        export,
        mailboxCapacity);
  }

  /** The rules on this record's own fields; the nested records check themselves. */
  private static Problems check(
      int maxActiveSpans,
      Duration maxSpanDuration,
      Duration retention,
      int maxTraces,
      int maxSpansStored,
      long maxBytes,
      int defaultQueryLimit,
      Duration cleanupInterval,
      double sampleRatio,
      int mailboxCapacity) {
    Problems p = new Problems(PATH);
    p.between("max-active-spans", maxActiveSpans, 1, 10_000_000);
    p.positive("max-span-duration", maxSpanDuration);
    p.positive("retention", retention);
    p.between("max-traces", maxTraces, 1, 10_000_000);
    p.between("max-spans-stored", maxSpansStored, 1, 100_000_000);
    p.between("max-bytes", maxBytes, 1024 * 1024, 1L << 40);
    p.between("default-query-limit", defaultQueryLimit, 1, 10_000);
    if (defaultQueryLimit >= 1 && defaultQueryLimit <= 10_000 && maxTraces >= 1) {
      // a default larger than the store could never be filled
      p.require(
          defaultQueryLimit <= maxTraces,
          "default-query-limit",
          "<= max-traces (" + maxTraces + ")",
          defaultQueryLimit);
    }
    p.positive("cleanup-interval", cleanupInterval);
    p.between("sample-ratio", sampleRatio, 0.0, 1.0);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    return p;
  }
}
