package io.bounded.actors.taskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.BackoffType;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskScheduleTest {
  private static final Backoff BACKOFF =
      new Backoff(BackoffType.FIXED, Duration.ofSeconds(1), Duration.ofSeconds(1), 0);

  private final TaskSchedule schedule = new TaskSchedule();

  private static TaskRecord task(String id, String type, int priority) {
    return new TaskRecord(id, type, "{}", priority, 3, BACKOFF, 0, null, 0);
  }

  private List<String> drain(String type) {
    List<String> ids = new ArrayList<>();
    TaskRecord t;
    while ((t = schedule.pollReady(type)) != null) {
      ids.add(t.id);
    }
    return ids;
  }

  @Test
  void pollReady_mixedPriorities_highestFirstThenFifo() {
    schedule.makeReady(task("a", "email", 0));
    schedule.makeReady(task("b", "email", 5));
    schedule.makeReady(task("c", "email", 0));
    schedule.makeReady(task("d", "email", 5));
    schedule.makeReady(task("e", "email", -1));
    assertThat(drain("email")).containsExactly("b", "d", "a", "c", "e");
    assertThat(schedule.readyCount()).isZero();
  }

  @Test
  void pollReady_otherType_isolated() {
    schedule.makeReady(task("a", "email", 0));
    schedule.makeReady(task("b", "sms", 9));
    assertThat(drain("email")).containsExactly("a");
    assertThat(schedule.readyCount("sms")).isEqualTo(1);
  }

  @Test
  void pollReady_extremePriorities_noOverflow() {
    schedule.makeReady(task("min", "t", Integer.MIN_VALUE));
    schedule.makeReady(task("max", "t", Integer.MAX_VALUE));
    schedule.makeReady(task("zero", "t", 0));
    assertThat(drain("t")).containsExactly("max", "zero", "min");
  }

  @Test
  void schedule_futureDue_isDelayedUntilPromoted() {
    assertThat(schedule.schedule(task("later", "t", 0), 1_000, 0)).isFalse();
    assertThat(schedule.schedule(task("now", "t", 0), 0, 0)).isTrue();
    assertThat(schedule.nextWakeAt()).isEqualTo(1_000);
    assertThat(schedule.promoteDue(999)).isEmpty();
    assertThat(drain("t")).containsExactly("now");
    assertThat(schedule.promoteDue(1_000)).containsExactly("t");
    assertThat(drain("t")).containsExactly("later");
    assertThat(schedule.nextWakeAt()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void promoteDue_severalDue_becomeReadyInDueOrderBehindReadyOnes() {
    schedule.schedule(task("due2", "t", 0), 200, 0);
    schedule.schedule(task("due1", "t", 0), 100, 0);
    schedule.makeReady(task("ready", "t", 0));
    schedule.promoteDue(300);
    assertThat(drain("t")).containsExactly("ready", "due1", "due2");
  }

  @Test
  void deadlines_runningTasks_expireInOrderAndExtendMoves() {
    TaskRecord a = task("a", "t", 0);
    TaskRecord b = task("b", "t", 0);
    schedule.startRunning(a, "l1", 500, 0);
    schedule.startRunning(b, "l2", 300, 0);
    assertThat(a.state).isEqualTo(TaskState.RUNNING);
    assertThat(a.attempts).isEqualTo(1);
    assertThat(schedule.nextWakeAt()).isEqualTo(300);
    assertThat(schedule.firstExpired(299)).isNull();
    schedule.extend(b, 900);
    assertThat(schedule.firstExpired(600)).isSameAs(a);
    schedule.stopRunning(a);
    assertThat(a.lease).isNull();
    assertThat(schedule.firstExpired(600)).isNull();
    assertThat(schedule.nextWakeAt()).isEqualTo(900);
  }

  @Test
  void startRunning_noDeadline_neverExpires() {
    TaskRecord a = task("a", "t", 0);
    schedule.startRunning(a, "l1", TaskRecord.NO_DEADLINE, 0);
    assertThat(schedule.firstExpired(Long.MAX_VALUE - 1)).isNull();
    assertThat(schedule.nextWakeAt()).isEqualTo(Long.MAX_VALUE);
    schedule.stopRunning(a);
  }

  @Test
  void ready_acrossTypes_listedInRunOrderUpToLimit() {
    schedule.makeReady(task("a", "x", 0));
    schedule.makeReady(task("b", "y", 3));
    schedule.makeReady(task("c", "x", 3));
    assertThat(schedule.ready(2)).extracting(t -> t.id).containsExactly("b", "c");
  }
}
