package io.bounded.actors.taskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Random enqueue / lease / ack / fail / retry sequences with time moving, against the task queue
 * actor: after every step, live tasks <= max-tasks, finished <= max-finished, types <= max-types,
 * and no task is lost (every accepted task is live or finished, or was dropped from the finished
 * set by its bound and counted).
 */
class TaskQueueBoundsPropertyTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "TaskQueueBoundsPropertyTest",
          ManualTime.config().withFallback(ConfigFactory.defaultReference()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AfterContainer
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** 0 enqueue, 1 lease, 2 ack, 3 fail, 4 let time pass, 5 retry a dead task. */
  record Op(int kind, int type, int n) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(1, 40))
        .as(Op::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Property(tries = 40)
  void anySequence_staysWithinEveryBound(
      @ForAll @IntRange(min = 1, max = 6) int maxTasks,
      @ForAll @IntRange(min = 1, max = 4) int maxFinished,
      @ForAll @IntRange(min = 1, max = 3) int maxTypes,
      @ForAll("ops") List<Op> ops) {
    TestClock clock = new TestClock();
    ActorRef<Command> q =
        testKit.spawn(
            TaskQueueActor.create(
                TaskQueueActorTest.settings(
                    "max-tasks = "
                        + maxTasks
                        + ", max-finished = "
                        + maxFinished
                        + ", max-types = "
                        + maxTypes
                        + ", default-lease = 20s, completed-retention = 1m, cleanup-interval = 30s"),
                clock,
                new LongAdder(),
                () -> 0.5));
    TestProbe<Reply> replies = testKit.createTestProbe(Reply.class);
    TestProbe<ComponentStats> stats = testKit.createTestProbe(ComponentStats.class);
    @SuppressWarnings("unchecked")
    ActorRef<Reply> r = replies.ref();
    List<Task> held = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (Op op : ops) {
      String type = "type" + op.type();
      switch (op.kind()) {
        case 0 -> {
          q.tell(
              new Enqueue(
                  TaskSpec.of(type, "p")
                      .withMaxAttempts(2)
                      .withDelay(Duration.ofSeconds(op.n() % 3 == 0 ? op.n() : 0)),
                  narrow(r)));
          Reply reply = replies.receiveMessage(WAIT);
          assertThat(reply).isInstanceOfAny(Enqueued.class, QueueFull.class);
          if (reply instanceof Enqueued e) {
            accepted.add(e.id());
          }
        }
        case 1 -> {
          q.tell(new Lease(type, 1 + op.n() % 3, null, narrow(r)));
          held.addAll(((Leased) replies.receiveMessage(WAIT)).tasks());
        }
        case 2, 3 -> {
          if (!held.isEmpty()) {
            Task t = held.remove(op.n() % held.size());
            q.tell(
                op.kind() == 2
                    ? new Ack(t.id(), t.lease(), narrow(r))
                    : new Fail(t.id(), t.lease(), "e", true, narrow(r)));
            assertThat(replies.receiveMessage(WAIT))
                .isInstanceOfAny(Acked.class, FailRecorded.class, Conflict.class);
          }
        }
        case 4 -> {
          Duration d = Duration.ofSeconds(op.n());
          clock.advance(d);
          manualTime.timePasses(d);
        }
        default -> {
          if (!accepted.isEmpty()) {
            q.tell(new Retry(accepted.get(op.n() % accepted.size()), narrow(r)));
            replies.receiveMessage(WAIT);
          }
        }
      }
      q.tell(new GetStats(stats.ref()));
      ComponentStats s = stats.receiveMessage(WAIT);
      assertThat(s.size()).isLessThanOrEqualTo(maxTasks);
      assertThat(s.gauge("finished")).isLessThanOrEqualTo(maxFinished);
      assertThat(s.gauge("types")).isLessThanOrEqualTo(maxTypes);
      assertThat(s.gauge("bytes")).isLessThanOrEqualTo(s.gauge("max-bytes"));
      assertThat(s.gauge("pending") + s.gauge("delayed") + s.gauge("running")).isEqualTo(s.size());
      assertThat(s.size() + s.gauge("finished") + s.evictions() + s.expirations())
          .as("every accepted task is live, finished, or counted as dropped from finished")
          .isEqualTo(s.inserts());
    }
    testKit.stop(q);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Reply> ActorRef<T> narrow(ActorRef<Reply> r) {
    return (ActorRef<T>) (ActorRef<?>) r;
  }
}
