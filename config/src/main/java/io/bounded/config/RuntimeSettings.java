package io.bounded.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the runtime that hosts the components, from {@code bounded.runtime}, {@code
 * bounded.dispatcher}, {@code bounded.blocking-dispatcher} and {@code bounded.memory}.
 *
 * @param systemName name of the actor system ({@code bounded.runtime.system-name})
 * @param askTimeout how long edge calls wait for a reply ({@code bounded.runtime.ask-timeout})
 * @param shutdownTimeout how long close waits for everything to stop ({@code
 *     bounded.runtime.shutdown-timeout})
 * @param dispatcherThroughput messages per actor per turn ({@code bounded.dispatcher.throughput})
 * @param blockingPoolSize threads for blocking work ({@code
 *     bounded.blocking-dispatcher.thread-pool-executor.fixed-pool-size})
 * @param maxHeapFraction share of -Xmx the bounds may use at worst ({@code
 *     bounded.memory.max-heap-fraction})
 */
public record RuntimeSettings(
    String systemName,
    Duration askTimeout,
    Duration shutdownTimeout,
    int dispatcherThroughput,
    int blockingPoolSize,
    double maxHeapFraction) {

  /** The config section. */
  public static final String PATH = "bounded.runtime";

  /** Config path of the dispatcher every component runs on. */
  public static final String DISPATCHER_PATH = "bounded.dispatcher";

  /** Config path of the dispatcher blocking work runs on. */
  public static final String BLOCKING_DISPATCHER_PATH = "bounded.blocking-dispatcher";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public RuntimeSettings {
    Problems p = new Problems(PATH);
    p.require(
        systemName != null && systemName.matches("[A-Za-z0-9][A-Za-z0-9_-]*"),
        "system-name",
        "letters, digits, '-' and '_' (starting with a letter or digit)",
        systemName == null ? "null" : "\"" + systemName + "\"");
    p.positive("ask-timeout", askTimeout);
    p.atMost("ask-timeout", askTimeout, Duration.ofMinutes(5), "5m");
    p.positive("shutdown-timeout", shutdownTimeout);
    p.atMost("shutdown-timeout", shutdownTimeout, Duration.ofMinutes(10), "10m");
    p.addAll(
        new Problems(DISPATCHER_PATH)
            .between("throughput", dispatcherThroughput, 1, 10_000)
            .list());
    p.addAll(
        new Problems(BLOCKING_DISPATCHER_PATH)
            .between("thread-pool-executor.fixed-pool-size", blockingPoolSize, 1, 10_000)
            .list());
    p.addAll(
        new Problems("bounded.memory")
            .require(
                maxHeapFraction > 0 && maxHeapFraction <= 1,
                "max-heap-fraction",
                "> 0 and <= 1",
                maxHeapFraction)
            .list());
    p.throwIfAny();
  }

  /**
   * Reads and validates the runtime's sections.
   *
   * @throws InvalidSettingsException naming every problem
   */
  public static RuntimeSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    String systemName = r.string("system-name");
    Duration askTimeout = r.duration("ask-timeout");
    Duration shutdownTimeout = r.duration("shutdown-timeout");
    SettingsReader d = SettingsReader.of(root, DISPATCHER_PATH);
    Integer throughput = d.integer("throughput");
    SettingsReader b = SettingsReader.of(root, BLOCKING_DISPATCHER_PATH);
    Integer pool = b.integer("thread-pool-executor.fixed-pool-size");
    SettingsReader m = SettingsReader.of(root, "bounded.memory");
    Double fraction = m.decimal("max-heap-fraction");
    Problems all =
        r.problems()
            .addAll(d.problems().list())
            .addAll(b.problems().list())
            .addAll(m.problems().list());
    all.throwIfAny();
    return new RuntimeSettings(systemName, askTimeout, shutdownTimeout, throughput, pool, fraction);
  }
}
