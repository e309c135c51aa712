package io.bounded.actors.taskqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bounded.protocols.taskqueue.TaskQueueProtocol.Backoff;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.BackoffType;
import io.bounded.protocols.taskqueue.TaskQueueProtocol.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinishedTasksTest {
  private static final Backoff BACKOFF =
      new Backoff(BackoffType.FIXED, Duration.ofSeconds(1), Duration.ofSeconds(1), 0);

  private static TaskRecord done(String id, TaskState state, long at) {
    TaskRecord t = new TaskRecord(id, "t", "", 0, 1, BACKOFF, 0, null, 0);
    t.state = state;
    t.finishedAt = at;
    return t;
  }

  @Test
  void add_capacityOne_dropsPrevious() {
    FinishedTasks f = new FinishedTasks(1);
    assertThat(f.add(done("a", TaskState.SUCCEEDED, 1))).isNull();
    assertThat(f.add(done("b", TaskState.DEAD, 2)).id).isEqualTo("a");
    assertThat(f.size()).isEqualTo(1);
    assertThat(f.get("a")).isNull();
    assertThat(f.count(TaskState.SUCCEEDED)).isZero();
    assertThat(f.count(TaskState.DEAD)).isEqualTo(1);
  }

  @Test
  void add_exactlyFullThenOneMore_dropsLongestFinishedEvenIfRead() {
    FinishedTasks f = new FinishedTasks(3);
    f.add(done("a", TaskState.SUCCEEDED, 1));
    f.add(done("b", TaskState.SUCCEEDED, 2));
    f.add(done("c", TaskState.SUCCEEDED, 3));
    assertThat(f.size()).isEqualTo(3);
    f.get("a"); // reads do not reorder: order is by finish time
    assertThat(f.add(done("d", TaskState.SUCCEEDED, 4)).id).isEqualTo("a");
    assertThat(f.size()).isEqualTo(3);
  }

  @Test
  void sweep_cutoff_dropsOnlyOldOnesAndStops() {
    FinishedTasks f = new FinishedTasks(10);
    f.add(done("a", TaskState.SUCCEEDED, 10));
    f.add(done("b", TaskState.FAILED, 20));
    f.add(done("c", TaskState.DEAD, 30));
    List<String> dropped = new ArrayList<>();
    assertThat(f.sweep(20, t -> dropped.add(t.id))).isEqualTo(2);
    assertThat(dropped).containsExactly("a", "b");
    assertThat(f.get("c")).isNotNull();
    assertThat(f.count(TaskState.FAILED)).isZero();
  }

  @Test
  void newestFirst_mixedStates_filtersAndLimits() {
    FinishedTasks f = new FinishedTasks(10);
    f.add(done("a", TaskState.DEAD, 1));
    f.add(done("b", TaskState.SUCCEEDED, 2));
    f.add(done("c", TaskState.DEAD, 3));
    f.add(done("d", TaskState.DEAD, 4));
    assertThat(f.newestFirst(TaskState.DEAD, 2)).extracting(t -> t.id).containsExactly("d", "c");
  }

  @Test
  void remove_retried_leavesCountsRight() {
    FinishedTasks f = new FinishedTasks(2);
    f.add(done("a", TaskState.DEAD, 1));
    assertThat(f.remove("a")).isNotNull();
    assertThat(f.count(TaskState.DEAD)).isZero();
    assertThat(f.remove("a")).isNull();
  }

  @Test
  void create_zeroCapacity_isRefused() {
    assertThatThrownBy(() -> new FinishedTasks(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
