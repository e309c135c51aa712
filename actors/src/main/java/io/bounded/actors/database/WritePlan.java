package io.bounded.actors.database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order a group of writes is executed in: as few JDBC batches (one per SQL text) as keep every
 * submitter's own order.
 *
 * <p>Each write gets a layer: a submitter's first write is in layer 0, and each later write stays
 * in its predecessor's layer when it has the same SQL, or moves one layer up when the SQL changes.
 * Layers run in order; inside a layer, one segment per SQL text in order of first appearance, and
 * inside a segment the arrival order. A submitter's writes of one layer share one SQL, so they sit
 * in one segment in arrival order, and its later writes sit in later layers: its order is kept. In
 * the common case (each submitter sends one SQL text) there is one layer and one segment per SQL.
 */
final class WritePlan {
  private WritePlan() {}

  /** One JDBC batch: writes of the same SQL, in the order they must run. */
  record Segment(String sql, List<PendingWrite> writes) {}

  static List<Segment> plan(List<PendingWrite> group) {
    String only = oneSql(group);
    if (only != null) {
      // the common case, and the one the batching stream is hot in: one layer, one segment
      return List.of(new Segment(only, List.copyOf(group)));
    }
    Map<Object, Integer> layerOf = new HashMap<>();
    Map<Object, String> lastSql = new HashMap<>();
    List<LinkedHashMap<String, List<PendingWrite>>> layers = new ArrayList<>();
    for (PendingWrite w : group) {
      Object who = w.submitter();
      String previous = lastSql.put(who, w.sql());
      int layer;
      if (previous == null) {
        layer = 0;
      } else if (previous.equals(w.sql())) {
        layer = layerOf.get(who);
      } else {
        layer = layerOf.get(who) + 1;
      }
      layerOf.put(who, layer);
      while (layers.size() <= layer) {
        layers.add(new LinkedHashMap<>());
      }
      layers.get(layer).computeIfAbsent(w.sql(), k -> new ArrayList<>()).add(w);
    }
    List<Segment> segments = new ArrayList<>();
    for (LinkedHashMap<String, List<PendingWrite>> layer : layers) {
      layer.forEach((sql, writes) -> segments.add(new Segment(sql, List.copyOf(writes))));
    }
    return segments;
  }

  /** The SQL text every write of {@code group} has, or null when they differ. */
  private static String oneSql(List<PendingWrite> group) {
    if (group.isEmpty()) {
      return null;
    }
    String first = group.get(0).sql();
    for (int i = 1; i < group.size(); i++) {
      String sql = group.get(i).sql();
      if (sql != first && !sql.equals(first)) {
        return null;
      }
    }
    return first;
  }
}
