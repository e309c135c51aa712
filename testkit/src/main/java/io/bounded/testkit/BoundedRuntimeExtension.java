package io.bounded.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bounded.actors.cache.CacheClient;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.protocols.cache.CacheProtocol;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a {@link BoundedRuntime} with Pekko's {@code ManualTime} and a
 * {@link ManualClock}: timers fire only when the test says {@link #timePasses(Duration)}, so hours
 * of cleanup ticks take milliseconds and no test sleeps.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BoundedRuntimeExtension bounded =
 *     BoundedRuntimeExtension.withConfig("bounded.cache.max-entries = 3");
 * }</pre>
 *
 * <p>Registered on a static field, one runtime serves the whole class and is closed after it; on an
 * instance field, each test gets a fresh runtime, closed after the test.
 */
public final class BoundedRuntimeExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Config config;
  private BoundedRuntime runtime;
  private ManualClock clock;
  private ActorTestKit testKit;
  private boolean perClass;

  private BoundedRuntimeExtension(Config config) {
    this.config = config;
  }

  /** A runtime on the shipped defaults. */
  public static BoundedRuntimeExtension create() {
    return new BoundedRuntimeExtension(ConfigFactory.empty());
  }

  /** A runtime on {@code hocon} over the shipped defaults. */
  public static BoundedRuntimeExtension withConfig(String hocon) {
    return new BoundedRuntimeExtension(ConfigFactory.parseString(hocon));
  }

  /** A runtime on {@code config} over the shipped defaults. */
  public static BoundedRuntimeExtension withConfig(Config config) {
    return new BoundedRuntimeExtension(config);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  private void start() {
    clock = new ManualClock();
    runtime = BoundedRuntime.start(config.withFallback(ManualTime.config()), clock);
    testKit = ActorTestKit.create(runtime.system());
  }

  private void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  /** The running runtime. */
  public BoundedRuntime runtime() {
    return requireStarted();
  }

  /** The clock components measure ages with. */
  public ManualClock clock() {
    requireStarted();
    return clock;
  }

  /** Pekko's actor test kit on the runtime's actor system (spawn, probes). */
  public ActorTestKit testKit() {
    requireStarted();
    return testKit;
  }

  /** A probe to receive replies of type {@code T}. */
  public <T> TestProbe<T> createProbe(Class<T> type) {
    return testKit().createTestProbe(type);
  }

  /** The cache actor. */
  public ActorRef<CacheProtocol.Command> cache() {
    return runtime().cache();
  }

  /** The cache's CompletionStage client. */
  public CacheClient cacheClient() {
    return runtime().cacheClient();
  }

  /**
   * Moves the clock and the scheduler forward together: every timer due in {@code d} fires, in
   * order, and the components see the clock {@code d} later.
   */
  public void timePasses(Duration d) {
    requireStarted();
    clock.advance(d);
    ManualTime.get(runtime.system()).timePasses(d);
  }

  private BoundedRuntime requireStarted() {
    if (runtime == null) {
      throw new IllegalStateException(
          "the Bounded runtime is not running: register the extension with @RegisterExtension");
    }
    return runtime;
  }
}
