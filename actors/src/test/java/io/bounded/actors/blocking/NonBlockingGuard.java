package io.bounded.actors.blocking;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Installs BlockHound once per JVM with the runtime's actor threads marked non-blocking, and
 * records every blocking call made on them. Pekko's own internals that park by design are allowed;
 * nothing that runs a message handler is ({@code ForkJoinPool.runWorker} would hide everything).
 */
final class NonBlockingGuard implements BlockHoundIntegration {
  private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
  private static boolean installed;

  static synchronized void install() {
    if (!installed) {
      BlockHound.builder()
          .with(new NonBlockingGuard())
          .blockingMethodCallback(
              m -> VIOLATIONS.add(Thread.currentThread().getName() + ": " + m + where()))
          .install();
      installed = true;
    }
  }

  /** The frames that led to the blocking call, outermost last, skipping BlockHound's own. */
  private static String where() {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (StackTraceElement e : new Throwable().getStackTrace()) {
      String c = e.getClassName();
      if (c.startsWith("reactor.blockhound")
          || c.startsWith("java.lang.Thread")
          || c.equals(NonBlockingGuard.class.getName())) {
        continue;
      }
      sb.append("\n    at ").append(e);
      if (++shown == 25) {
        break;
      }
    }
    return sb.toString();
  }

  /** Blocking calls seen on actor threads so far, each with the frames that led to it. */
  static List<String> violations() {
    return List.copyOf(VIOLATIONS);
  }

  /**
   * The blocking calls made while Bounded's code (a handler, a stream stage, a callback of ours)
   * was on the stack. A park with none of our frames is Pekko's or the JDK's own scheduling (a pool
   * thread compensating or idling), which no handler of ours caused.
   */
  static List<String> violationsInBoundedCode() {
    return VIOLATIONS.stream().filter(v -> v.contains("\n    at io.bounded.")).toList();
  }

  static void reset() {
    VIOLATIONS.clear();
  }

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.nonBlockingThreadPredicate(
        current ->
            current.or(
                t ->
                    t.getName().contains("-bounded.dispatcher-")
                        || t.getName().contains("-pekko.actor.default-dispatcher-")));
    // Pekko's pool threads park between tasks; that is the pool idling, not a handler blocking.
    builder.allowBlockingCallsInside("java.util.concurrent.ForkJoinPool", "awaitWork");
    builder.allowBlockingCallsInside("java.util.concurrent.ForkJoinPool", "deactivate");
    builder.allowBlockingCallsInside("org.slf4j.LoggerFactory", "bind");
    builder.allowBlockingCallsInside("org.apache.pekko.actor.LightArrayRevolverScheduler", "close");
    // A tell to an actor whose cell is still starting (a just-spawned reply target) waits on
    // Pekko's
    // bounded tryLock while the cell is swapped in; it happens once per actor, at its start.
    builder.allowBlockingCallsInside("org.apache.pekko.actor.UnstartedCell", "sendMessage");
    // The async appender's enqueue takes a short lock and never waits for space (neverBlock).
    builder.allowBlockingCallsInside("ch.qos.logback.core.AsyncAppenderBase", "put");
    // Our counting appender reads the same queue's remaining capacity under that short lock: a park
    // there is bounded by another thread's O(1) queue operation, never a wait for space or I/O.
    builder.allowBlockingCallsInside("io.bounded.actors.logging.CountingAsyncAppender", "append");
  }
}
