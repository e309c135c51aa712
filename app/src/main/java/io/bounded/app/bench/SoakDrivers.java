package io.bounded.app.bench;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.EdgeFutures;
import io.bounded.config.RuntimeSettings;
import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What the soak's drivers share: windows of tells closed by a stats round trip (as the cache's
 * flood), asks with a bounded number outstanding, and backing off from a component that refuses
 * rather than evicts.
 */
final class SoakDrivers {
  /**
   * Most messages sent between two stats round trips, or outstanding asks (half the inbox at most).
   */
  static final int WINDOW = 5_000;

  /** A reply not received within this is lost, and the driver fails. */
  static final Duration LOST = Duration.ofMinutes(1);

  /** Pause between two stats reads while a full component drains. */
  static final long BACKOFF_MILLIS = 10;

  private static final AtomicLong ACTORS = new AtomicLong();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SoakDrivers() {}

  /** 16 lowercase hex digits of {@code v}. */
  static String hex16(long v) {
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(out);
  }

  /** Messages a driver may have waiting in an inbox of {@code mailboxCapacity}: half of it. */
  static int window(int mailboxCapacity) {
    return Math.max(1, Math.min(WINDOW, mailboxCapacity / 2));
  }

  /**
   * Asks {@code ref} for its stats, waiting up to {@link #LOST}: under the soak's load (every
   * component flooded on a small heap) a reply may take longer than the runtime's ask timeout, and
   * the soak checks bounds, not latency.
   */
  static <C> ComponentStats stats(
      BoundedRuntime runtime, ActorRef<C> ref, Function<ActorRef<ComponentStats>, C> request)
      throws Exception {
    return ask(runtime, ref, request);
  }

  /** Asks {@code ref}, waiting up to {@link #LOST} for the reply. */
  static <C, R> R ask(BoundedRuntime runtime, ActorRef<C> ref, Function<ActorRef<R>, C> request)
      throws Exception {
    return EdgeFutures.ask(ref, request, LOST, runtime.system().scheduler(), runtime.executor())
        .get(LOST.toMillis() + 1_000, TimeUnit.MILLISECONDS);
  }

  /**
   * For a component that refuses rather than evicts, after a window that met refusals: waits until
   * it has drained to half its capacity (or {@code stop}), reading its stats every {@value
   * #BACKOFF_MILLIS} ms, so that the driver fills it again instead of spinning on refusals.
   *
   * @return the stats read last
   */
  static ComponentStats drainToHalf(
      ComponentStats last, Callable<ComponentStats> stats, long capacity, BooleanSupplier stop)
      throws Exception {
    ComponentStats s = last;
    while (!stop.getAsBoolean() && s.size() > capacity / 2) {
      Thread.sleep(BACKOFF_MILLIS);
      s = stats.call();
    }
    return s;
  }

  /**
   * At most {@code size} asks outstanding from one plain thread: a slot is taken before each ask,
   * and one actor takes every reply (in any order), counts it and frees a slot.
   */
  static final class AskWindow implements AutoCloseable {
    private enum Stop {
      INSTANCE
    }

    private final int size;
    private final Semaphore free;
    private final LongAdder replies = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final ActorRef<Object> actor;

    /**
     * @param name part of the reply actor's name
     * @param refusal which replies are refusals (counted in {@link #refused()})
     */
    AskWindow(BoundedRuntime runtime, String name, int size, Predicate<Object> refusal) {
      this(runtime, name, size, refusal, reply -> {});
    }

    /**
     * @param onReply runs on the reply actor for every reply, before its slot is freed
     */
    AskWindow(
        BoundedRuntime runtime,
        String name,
        int size,
        Predicate<Object> refusal,
        Consumer<Object> onReply) {
      this.size = size;
      this.free = new Semaphore(size);
      this.actor =
          runtime
              .system()
              .systemActorOf(
                  Behaviors.<Object>receiveMessage(
                      m -> {
                        if (m == Stop.INSTANCE) {
                          return Behaviors.stopped();
                        }
                        if (refusal.test(m)) {
                          refused.increment();
                        }
                        onReply.accept(m);
                        replies.increment();
                        free.release();
                        return Behaviors.same();
                      }),
                  "soak-" + name + "-replies-" + ACTORS.incrementAndGet(),
                  DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
    }

    /** The reply address of every ask. */
    <T> ActorRef<T> replyTo() {
      return actor.narrow();
    }

    /** Takes a slot for one ask; fails when none was freed within {@link #LOST}. */
    void acquire() throws InterruptedException, TimeoutException {
      if (!free.tryAcquire(LOST.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            "no reply within " + LOST.toSeconds() + " s with " + size + " asks outstanding");
      }
    }

    /** Waits for every outstanding reply. */
    void drain() throws InterruptedException, TimeoutException {
      if (!free.tryAcquire(size, LOST.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            (size - free.availablePermits())
                + " replies still outstanding after "
                + LOST.toSeconds()
                + " s");
      }
      free.release(size);
    }

    /** Replies received so far. */
    long replies() {
      return replies.sum();
    }

    /** Replies that were refusals. */
    long refused() {
      return refused.sum();
    }

    @Override
    public void close() {
      actor.tell(Stop.INSTANCE);
    }
  }
}
