package io.bounded.actors.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LruMapTest {
  private final List<String> evicted = new ArrayList<>();

  private LruMap<String, Integer> map(int capacity) {
    return new LruMap<>(capacity, (k, v) -> evicted.add(k));
  }

  @Test
  void constructor_capacityZero_isRefused() {
    assertThatThrownBy(() -> map(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity must be >= 1, but was 0");
  }

  @Test
  void put_capacityOne_evictsPrevious() {
    LruMap<String, Integer> m = map(1);
    m.put("a", 1);
    m.put("b", 2);
    assertThat(m.size()).isEqualTo(1);
    assertThat(m.get("a")).isNull();
    assertThat(m.get("b")).isEqualTo(2);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void put_exactlyFull_evictsNothing() {
    LruMap<String, Integer> m = map(3);
    m.put("a", 1);
    m.put("b", 2);
    m.put("c", 3);
    assertThat(m.size()).isEqualTo(3);
    assertThat(evicted).isEmpty();
  }

  @Test
  void put_fullPlusOne_evictsLeastRecentlyUsed() {
    LruMap<String, Integer> m = map(3);
    m.put("a", 1);
    m.put("b", 2);
    m.put("c", 3);
    m.get("a"); // a is now most recently used; b is eldest
    m.put("d", 4);
    assertThat(evicted).containsExactly("b");
    assertThat(m.keysEldestFirst()).containsExactly("c", "a", "d");
  }

  @Test
  void put_existingKey_replacesWithoutEvicting() {
    LruMap<String, Integer> m = map(2);
    m.put("a", 1);
    m.put("b", 2);
    assertThat(m.put("a", 10)).isEqualTo(1);
    assertThat(evicted).isEmpty();
    assertThat(m.keysEldestFirst()).containsExactly("b", "a");
  }

  @Test
  void containsKey_doesNotMarkUse() {
    LruMap<String, Integer> m = map(2);
    m.put("a", 1);
    m.put("b", 2);
    assertThat(m.containsKey("a")).isTrue();
    m.put("c", 3);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void evictEldest_reportsAndRemoves() {
    LruMap<String, Integer> m = map(3);
    m.put("a", 1);
    m.put("b", 2);
    assertThat(m.evictEldest().getKey()).isEqualTo("a");
    assertThat(evicted).containsExactly("a");
    assertThat(m.size()).isEqualTo(1);
    assertThat(map(1).evictEldest()).isNull();
  }

  @Test
  void removeIf_removesMatchesOnly() {
    LruMap<String, Integer> m = map(10);
    for (int i = 0; i < 10; i++) {
      m.put("k" + i, i);
    }
    List<String> removed = new ArrayList<>();
    assertThat(m.removeIf((k, v) -> v % 2 == 0, (k, v) -> removed.add(k))).isEqualTo(5);
    assertThat(removed).containsExactly("k0", "k2", "k4", "k6", "k8");
    assertThat(m.size()).isEqualTo(5);
    assertThat(evicted).isEmpty();
  }

  @Property(tries = 200)
  void anySequence_sizeNeverExceedsCapacity(
      @ForAll @IntRange(min = 1, max = 20) int capacity, @ForAll("ops") List<int[]> ops) {
    LruMap<Integer, Integer> m = new LruMap<>(capacity, (k, v) -> {});
    List<Integer> model = new ArrayList<>(); // eldest first
    for (int[] op : ops) {
      int key = op[1];
      switch (op[0]) {
        case 0 -> {
          m.put(key, key);
          model.remove(Integer.valueOf(key));
          model.add(key);
          if (model.size() > capacity) {
            model.remove(0);
          }
        }
        case 1 -> {
          if (m.get(key) != null) {
            model.remove(Integer.valueOf(key));
            model.add(key);
          }
        }
        default -> {
          m.remove(key);
          model.remove(Integer.valueOf(key));
        }
      }
      assertThat(m.size()).isLessThanOrEqualTo(capacity);
      assertThat(new ArrayList<>(m.keysEldestFirst())).isEqualTo(model);
    }
  }

  @Provide
  Arbitrary<List<int[]>> ops() {
    Arbitrary<int[]> op =
        Arbitraries.integers()
            .between(0, 2)
            .flatMap(kind -> Arbitraries.integers().between(0, 30).map(k -> new int[] {kind, k}));
    return op.list().ofMaxSize(200);
  }
}
