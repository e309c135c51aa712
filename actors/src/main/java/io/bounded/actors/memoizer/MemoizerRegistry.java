package io.bounded.actors.memoizer;

import io.bounded.actors.support.ComponentHandle;
import io.bounded.config.MemoizerSettings;
import io.bounded.protocols.memoizer.MemoizerProtocol;
import io.bounded.protocols.memoizer.MemoizerProtocol.Command;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;

/**
 * The memoizers of one runtime, at most {@code bounded.memoizer.max-memoizers} at once. Memoizers
 * are made on demand (one actor per memoized function), so unlike the other components they are not
 * started with the runtime: each is spawned through the runtime's {@link Spawner} (bounded mailbox,
 * the components' dispatcher, restart on failure, overflow counting) and registered under {@code
 * memoizer-<name>}, so {@code /stats}, {@code /health} and the runtime's {@code stats()} include
 * it. Thread-safe.
 */
public final class MemoizerRegistry {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** How the runtime spawns and forgets a memoizer's actor. */
  public interface Spawner {
    /** Spawns a supervised actor with a bounded mailbox whose overflows are counted. */
    ActorRef<Command> spawn(
        String actorName, int mailboxCapacity, Function<LongAdder, Behavior<Command>> behavior);

    /** Stops counting the overflows of a closed memoizer. */
    void forget(ActorRef<Command> ref);
  }

  private final int maxMemoizers;
  private final Clock clock;
  private final Spawner spawner;
  private final Duration askTimeout;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Map<String, ComponentHandle<Command>> handles = new LinkedHashMap<>();
  private long spawned;

  /**
   * @param maxMemoizers most memoizers at once ({@code bounded.memoizer.max-memoizers})
   * @param askTimeout the runtime's ask timeout; a get waits this long beyond {@code
   *     compute-timeout}
   */
  public MemoizerRegistry(
      int maxMemoizers,
      Clock clock,
      Spawner spawner,
      Duration askTimeout,
      Scheduler scheduler,
      Executor executor) {
    this.maxMemoizers = maxMemoizers;
    this.clock = clock;
    this.spawner = spawner;
    this.askTimeout = askTimeout;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /**
   * Memoizes a plain function; it runs on {@code bounded.blocking-dispatcher}, so it may block.
   *
   * @throws IllegalArgumentException for a bad or taken name
   * @throws IllegalStateException when {@code max-memoizers} memoizers exist
   */
  public <K, V> Memoized<K, V> memoize(
      String name, Function<K, V> function, MemoizerSettings settings) {
    Objects.requireNonNull(function, "function");
    return register(
        name,
        settings,
        overflows -> MemoizerActor.create(name, settings, clock, function, overflows));
  }

  /**
   * Memoizes an asynchronous function; it is called on the memoizer's thread and must return its
   * stage without blocking.
   */
  public <K, V> Memoized<K, V> memoizeAsync(
      String name, Function<K, ? extends CompletionStage<V>> function, MemoizerSettings settings) {
    Objects.requireNonNull(function, "function");
    return register(
        name,
        settings,
        overflows -> MemoizerActor.createAsync(name, settings, clock, function, overflows));
  }

  /** Every live memoizer, in creation order, for stats. */
  public synchronized List<ComponentHandle<?>> handles() {
    return List.copyOf(new ArrayList<>(handles.values()));
  }

  /** How many memoizers are live. */
  public synchronized int size() {
    return handles.size();
  }

  private synchronized <K, V> Memoized<K, V> register(
      String name, MemoizerSettings settings, Function<LongAdder, Behavior<Command>> behavior) {
    Objects.requireNonNull(settings, "settings");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a memoizer name must be 1 to 64 letters, digits, '.', '_' or '-', but was "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    if (handles.containsKey(name)) {
      throw new IllegalArgumentException(
          "a memoizer named \"" + name + "\" exists; close it first or choose another name");
    }
    if (handles.size() >= maxMemoizers) {
      throw new IllegalStateException(
          "the runtime already holds "
              + handles.size()
              + " memoizers (bounded.memoizer.max-memoizers); close one first");
    }
    String componentName = MemoizerActor.NAME_PREFIX + name;
    // A unique actor name: a closed memoizer's actor may still be stopping when its name is reused.
    ActorRef<Command> ref =
        spawner.spawn(componentName + "-" + (++spawned), settings.mailboxCapacity(), behavior);
    handles.put(name, new ComponentHandle<>(componentName, ref, MemoizerProtocol.GetStats::new));
    return new Memoized<>(
        name,
        ref,
        settings.computeTimeout().plus(askTimeout),
        scheduler,
        executor,
        () -> closed(name, ref));
  }

  private synchronized void closed(String name, ActorRef<Command> ref) {
    ComponentHandle<Command> h = handles.get(name);
    if (h != null && h.ref().equals(ref)) {
      handles.remove(name);
      spawner.forget(ref);
    }
  }
}
