package io.bounded.app.bench;

import io.bounded.config.RuntimeSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps a fixed number of requests in flight against one actor from a driver actor until a
 * deadline, timing every request from send to reply. Replies from one actor to one sender arrive in
 * the order the requests were sent, so a ring of send times matches each reply to its request.
 */
final class InFlightDriver {
  private InFlightDriver() {}

  /**
   * Runs the driver until {@code deadlineNanos}, then waits for the outstanding replies.
   *
   * @param request builds request {@code i} with the driver as its reply address
   * @return the number of replies received
   */
  static <T> long run(
      ActorSystem<Void> system,
      ActorRef<T> target,
      BiFunction<ActorRef<Object>, Long, T> request,
      int inFlight,
      long deadlineNanos,
      Histogram latency)
      throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    system.systemActorOf(
        Behaviors.<Object>setup(
            ctx -> {
              long[] sentAt = new long[inFlight];
              long[] sent = {0};
              long[] received = {0};
              for (int i = 0; i < inFlight; i++) {
                sentAt[(int) (sent[0] % inFlight)] = System.nanoTime();
                target.tell(request.apply(ctx.getSelf(), sent[0]++));
              }
              return Behaviors.receiveMessage(
                  reply -> {
                    long now = System.nanoTime();
                    BenchContext.record(latency, now - sentAt[(int) (received[0] % inFlight)]);
                    received[0]++;
                    if (now - deadlineNanos < 0) {
                      sentAt[(int) (sent[0] % inFlight)] = now;
                      target.tell(request.apply(ctx.getSelf(), sent[0]++));
                    }
                    if (received[0] == sent[0]) {
                      done.complete(received[0]);
                      return Behaviors.stopped();
                    }
                    return Behaviors.same();
                  });
            }),
        "bench-driver-" + System.nanoTime(),
        DispatcherSelector.fromConfig(RuntimeSettings.DISPATCHER_PATH));
    long waitMillis =
        TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadlineNanos - System.nanoTime())) + 60_000;
    return done.get(waitMillis, TimeUnit.MILLISECONDS);
  }
}
