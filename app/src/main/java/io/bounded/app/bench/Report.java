package io.bounded.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a bench run found, and its three renderings: the terminal table, {@code report.md} and
 * {@code report.json}; {@code heap.svg} comes from {@link HeapChart}. Written by the bench's main
 * thread, never an actor thread.
 *
 * @param machine cores, heap, JVM, date, times: printed above the table
 * @param rows the measurements in run order
 * @param heap the heap-over-time series (bounded first), empty when no workload had a probe
 * @param notes skipped halves, errors seen, commands run
 */
record Report(
    Map<String, Object> machine,
    List<Row> rows,
    List<HeapSampler.HeapSeries> heap,
    List<String> notes) {

  Report {
    machine = Map.copyOf(machine);
    rows = List.copyOf(rows);
    heap = List.copyOf(heap);
    notes = List.copyOf(notes);
  }

  private static final String[] HEADER = {
    "workload", "measurement", "ops/s", "p50", "p99", "p99.9", "ratio", "peak heap"
  };

  /** The rows as table cells, baselines indented under the row they serve. */
  List<String[]> cells() {
    List<String[]> out = new ArrayList<>();
    for (Row r : rows) {
      Measurement m = r.measurement();
      Measurement.Latency l = m.latency();
      out.add(
          new String[] {
            r.workload(),
            (r.isBaseline() ? "  baseline: " : "") + m.label(),
            String.format(Locale.ROOT, "%,.0f", m.opsPerSecond()),
            l == null ? "-" : nanos(l.p50Nanos()),
            l == null ? "-" : nanos(l.p99Nanos()),
            l == null ? "-" : nanos(l.p999Nanos()),
            r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()),
            m.peakHeapBytes() < 0 ? "-" : mib(m.peakHeapBytes())
          });
    }
    return out;
  }

  /** The table for the terminal, with the machine line above it and the notes below. */
  String table() {
    List<String[]> cells = cells();
    int[] width = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      width[i] = HEADER[i].length();
    }
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        width[i] = Math.max(width[i], c[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(machineLine()).append('\n').append('\n');
    line(sb, HEADER, width);
    for (String[] c : cells) {
      line(sb, c, width);
    }
    sb.append('\n').append(legend()).append('\n');
    for (String n : notes) {
      sb.append("note: ").append(n).append('\n');
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] c, int[] width) {
    for (int i = 0; i < c.length; i++) {
      boolean left = i < 2;
      String cell = c[i];
      String pad = " ".repeat(width[i] - cell.length());
      sb.append(left ? cell + pad : pad + cell);
      sb.append(i == c.length - 1 ? "" : "  ");
    }
    sb.append('\n');
  }

  static String legend() {
    return "ratio = the row's ops/s / its first baseline's (the row below it). Latency: per"
        + " operation; the raw-map baselines time 1 op in "
        + Workloads.SAMPLE_EVERY
        + "; '-' where an operation has no reply (tells) or the tool gives no such percentile."
        + " Peak heap: highest used heap sampled during the measurement (whole JVM).";
  }

  String machineLine() {
    return String.format(
        Locale.ROOT,
        "Bounded bench %s: %s cores, max heap %s, %s; warm-up %s, measured %s per row",
        machine.get("version"),
        machine.get("cores"),
        mib((Long) machine.get("maxHeapBytes")),
        machine.get("jvm"),
        machine.get("warmup"),
        machine.get("duration"));
  }

  /** {@code report.md}: the machine, the table, the legend, the notes, the chart. */
  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Bounded bench report\n\n");
    sb.append(machineLine()).append(", ").append(machine.get("date")).append(".\n\n");
    sb.append('|');
    for (String h : HEADER) {
      sb.append(' ').append(h).append(" |");
    }
    sb.append("\n|");
    for (int i = 0; i < HEADER.length; i++) {
      sb.append(i < 2 ? "---|" : "---:|");
    }
    sb.append('\n');
    for (String[] c : cells()) {
      sb.append('|');
      for (String cell : c) {
        sb.append(' ').append(cell.replace("|", "\\|")).append(" |");
      }
      sb.append('\n');
    }
    sb.append('\n').append(legend()).append('\n');
    if (!notes.isEmpty()) {
      sb.append('\n');
      for (String n : notes) {
        sb.append("- ").append(n).append('\n');
      }
    }
    if (!heap.isEmpty()) {
      sb.append("\n## Heap over time\n\n![heap over time](heap.svg)\n\n");
      for (HeapSampler.HeapSeries s : heap) {
        sb.append(
            String.format(
                Locale.ROOT,
                "- %s: peak %s, last %s, %d samples\n",
                s.label(),
                mib(s.max()),
                mib(s.last()),
                s.usedBytes().length));
      }
    }
    return sb.toString();
  }

  /** {@code report.json}: everything, numbers unformatted. */
  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", new java.util.TreeMap<>(machine));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Measurement m = r.measurement();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("workload", r.workload());
      row.put("measurement", m.label());
      row.put("baselineRow", r.isBaseline());
      row.put("ops", m.ops());
      row.put("elapsedNanos", m.elapsedNanos());
      row.put("opsPerSecond", m.opsPerSecond());
      if (m.latency() != null) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("samples", m.latency().samples());
        l.put("p50Nanos", m.latency().p50Nanos());
        l.put("p99Nanos", m.latency().p99Nanos());
        l.put("p999Nanos", m.latency().p999Nanos() < 0 ? null : m.latency().p999Nanos());
        l.put("maxNanos", m.latency().maxNanos());
        row.put("latency", l);
      } else {
        row.put("latency", null);
      }
      row.put("comparedWith", r.baseline());
      row.put("ratio", r.ratio());
      row.put("peakHeapBytes", m.peakHeapBytes() < 0 ? null : m.peakHeapBytes());
      out.add(row);
    }
    root.put("rows", out);
    List<Map<String, Object>> series = new ArrayList<>();
    for (HeapSampler.HeapSeries s : heap) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", s.label());
      m.put("nanos", s.nanos());
      m.put("usedBytes", s.usedBytes());
      m.put("droppedSamples", s.dropped());
      series.add(m);
    }
    root.put("heap", series);
    root.put("notes", notes);
    return root;
  }

  /**
   * Writes {@code report.json}, {@code report.md} and, when there is a series, {@code heap.svg}.
   */
  List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Path json = dir.resolve("report.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), json());
    written.add(json);
    Path md = dir.resolve("report.md");
    Files.writeString(md, markdown(), StandardCharsets.UTF_8);
    written.add(md);
    if (!heap.isEmpty()) {
      Path svg = dir.resolve("heap.svg");
      Files.writeString(
          svg, HeapChart.svg(heap, (Long) machine.get("maxHeapBytes")), StandardCharsets.UTF_8);
      written.add(svg);
    }
    return written;
  }

  static String nanos(long n) {
    if (n < 0) {
      return "-";
    }
    if (n < 1_000) {
      return n + " ns";
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f µs", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.2f ms", n / 1e6);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
  }
}
