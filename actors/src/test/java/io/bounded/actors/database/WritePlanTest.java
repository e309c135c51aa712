package io.bounded.actors.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.protocols.database.DatabaseProtocol.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WritePlanTest {
  private static PendingWrite write(int submitter, String sql, int seq) {
    return new PendingWrite(Statement.of(sql, seq), "s" + submitter, null);
  }

  private static List<String> order(List<WritePlan.Segment> plan) {
    List<String> out = new ArrayList<>();
    plan.forEach(
        s -> s.writes().forEach(w -> out.add(w.submitter() + ":" + w.statement().params().get(0))));
    return out;
  }

  @Test
  void plan_oneSqlPerSubmitter_isOneSegmentPerSqlInFirstAppearanceOrder() {
    List<PendingWrite> group = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      group.add(write(i, i % 2 == 0 ? "insert a" : "insert b", i));
    }
    List<WritePlan.Segment> plan = WritePlan.plan(group);
    assertThat(plan).extracting(WritePlan.Segment::sql).containsExactly("insert a", "insert b");
    assertThat(plan.get(0).writes()).hasSize(5);
  }

  @Test
  void plan_submitterSwitchingSql_runsItsSecondSqlAfterItsFirst() {
    // s1 inserts then updates; s2's update arrives first, which alone would put updates first
    List<PendingWrite> group =
        List.of(write(2, "update", 0), write(1, "insert", 1), write(1, "update", 2));
    assertThat(order(WritePlan.plan(group))).containsExactly("s2:0", "s1:1", "s1:2");
    assertThat(WritePlan.plan(group))
        .extracting(WritePlan.Segment::sql)
        .containsExactly("update", "insert", "update");
  }

  @Test
  void plan_empty_isEmpty() {
    assertThat(WritePlan.plan(List.of())).isEmpty();
  }

  @Provide
  Arbitrary<List<int[]>> groups() {
    return Arbitraries.integers()
        .between(0, 4)
        .tuple2()
        .map(t -> new int[] {t.get1(), t.get2()})
        .list()
        .ofMaxSize(200);
  }

  @Property(tries = 300)
  void plan_anyGroup_keepsEveryWriteOnceAndEverySubmittersOrder(
      @ForAll("groups") @Size(max = 200) List<int[]> spec) {
    List<PendingWrite> group = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      group.add(write(spec.get(i)[0], "sql" + spec.get(i)[1], i));
    }
    List<WritePlan.Segment> plan = WritePlan.plan(group);
    List<PendingWrite> flat = new ArrayList<>();
    for (WritePlan.Segment s : plan) {
      assertThat(s.writes()).isNotEmpty().allMatch(w -> w.sql().equals(s.sql()));
      flat.addAll(s.writes());
    }
    assertThat(flat).containsExactlyInAnyOrderElementsOf(group);
    Map<Object, Integer> last = new HashMap<>();
    for (PendingWrite w : flat) {
      int seq = (Integer) w.statement().params().get(0);
      Integer before = last.put(w.submitter(), seq);
      assertThat(before == null || before < seq)
          .as("submitter %s ran %s after %s", w.submitter(), seq, before)
          .isTrue();
    }
    // never more segments than writes, and never more than needed when nobody switches SQL
    assertThat(plan.size()).isLessThanOrEqualTo(group.size());
  }
}
