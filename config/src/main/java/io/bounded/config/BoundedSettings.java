package io.bounded.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every setting of the runtime, read and validated in one pass. When any section is invalid, {@link
 * #fromConfig(Config)} throws one {@link InvalidSettingsException} naming every problem of every
 * section.
 *
 * <p>The node's own settings ({@link NodeSettings}) are not part of this: only the standalone node
 * reads them.
 *
 * @param runtime the runtime itself
 * @param cache the cache ({@code bounded.cache})
 * @param memoizer every memoizer ({@code bounded.memoizer})
 * @param eventBus the event bus ({@code bounded.event-bus})
 * @param taskQueue the task queue ({@code bounded.task-queue})
 * @param tracer the tracer ({@code bounded.tracer})
 * @param apiGateway the API gateway ({@code bounded.api-gateway})
 * @param ipTracker the IP tracker ({@code bounded.ip-tracker})
 * @param database the database ({@code bounded.database})
 */
public record BoundedSettings(
    RuntimeSettings runtime,
    CacheSettings cache,
    MemoizerSettings memoizer,
    EventBusSettings eventBus,
    TaskQueueSettings taskQueue,
    TracerSettings tracer,
    ApiGatewaySettings apiGateway,
    IpTrackerSettings ipTracker,
    DatabaseSettings database) {

  /** Null checks only: each section validated itself when it was built. */
  public BoundedSettings {
    if (runtime == null
        || cache == null
        || memoizer == null
        || eventBus == null
        || taskQueue == null
        || tracer == null
        || apiGateway == null
        || ipTracker == null
        || database == null) {
      throw new IllegalArgumentException("every section of BoundedSettings is required");
    }
  }

  /** The shipped defaults (reference.conf alone). */
  public static BoundedSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference());
  }

  /**
   * Reads and validates every section.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem of every section
   */
  public static BoundedSettings fromConfig(Config root) {
    List<String> problems = new ArrayList<>();
    RuntimeSettings runtime = attempt(RuntimeSettings::fromConfig, root, problems);
    CacheSettings cache = attempt(CacheSettings::fromConfig, root, problems);
    MemoizerSettings memoizer = attempt(MemoizerSettings::fromConfig, root, problems);
    EventBusSettings eventBus = attempt(EventBusSettings::fromConfig, root, problems);
    TaskQueueSettings taskQueue = attempt(TaskQueueSettings::fromConfig, root, problems);
    TracerSettings tracer = attempt(TracerSettings::fromConfig, root, problems);
    ApiGatewaySettings apiGateway = attempt(ApiGatewaySettings::fromConfig, root, problems);
    IpTrackerSettings ipTracker = attempt(IpTrackerSettings::fromConfig, root, problems);
    DatabaseSettings database = attempt(DatabaseSettings::fromConfig, root, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return new BoundedSettings(
        runtime, cache, memoizer, eventBus, taskQueue, tracer, apiGateway, ipTracker, database);
  }

  /**
   * Reads one section, adding its problems to {@code problems} instead of throwing, so that one
   * pass reports them all.
   */
  public static <T> T attempt(Function<Config, T> reader, Config root, List<String> problems) {
    try {
      return reader.apply(root);
    } catch (InvalidSettingsException e) {
      problems.addAll(e.problems());
      return null;
    }
  }
}
