package io.bounded.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the bench that need no actors: parsing redis-benchmark, the table, the chart. */
class BenchReportTest {

  @Test
  void parseCsv_redisBenchmarkOutput_givesEachTestsFigures() throws IOException {
    String csv =
        "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
            + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n"
            + "\"SET\",\"160513.64\",\"0.197\",\"0.048\",\"0.199\",\"0.287\",\"0.343\",\"3.215\"\n"
            + "\"GET\",\"142653.36\",\"0.221\",\"0.024\",\"0.207\",\"0.319\",\"0.703\",\"4.287\"\n";
    Map<String, RedisBaseline.Figures> f = RedisBaseline.parseCsv(csv);
    assertThat(f).containsOnlyKeys("SET", "GET");
    assertThat(f.get("SET").rps()).isEqualTo(160513.64);
    assertThat(f.get("GET").p99Millis()).isEqualTo(0.703);
  }

  @Test
  void parseCsv_noResults_failsNamingTheOutput() {
    assertThatThrownBy(() -> RedisBaseline.parseCsv("Could not connect to Redis at 127.0.0.1"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Could not connect");
  }

  @Test
  void benchmarkCommand_isUnpipelinedWithTheGivenClientsAndRequests() {
    assertThat(String.join(" ", RedisBaseline.benchmarkCommand(6379, 50, 100_000)))
        .contains("-t set,get")
        .contains("-c 50")
        .contains("-n 100000")
        .doesNotContain("-P");
  }

  @Test
  void row_compared_ratioIsOpsPerSecondOverTheBaselines() {
    Measurement base = new Measurement("base", 1_000, 1_000_000_000L, null, -1);
    Measurement m = new Measurement("m", 250, 1_000_000_000L, null, -1);
    Row r = Row.compared("w", m, base);
    assertThat(r.ratio()).isEqualTo(0.25);
    assertThat(r.baseline()).isEqualTo("base");
    assertThat(Row.baseline("w", base).isBaseline()).isTrue();
  }

  @Test
  void table_rowsAndBaselines_showLatencyRatioAndDashesWhereUnknown() {
    Measurement base =
        new Measurement(
            "raw map",
            4_000,
            1_000_000_000L,
            new Measurement.Latency(10, 30, 50, 900, 1_000),
            1 << 20);
    Measurement tell = new Measurement("tells", 1_000, 1_000_000_000L, null, 2 << 20);
    Report report =
        new Report(
            Map.of(
                "version", "t",
                "cores", 2,
                "maxHeapBytes", 128L << 20,
                "jvm", "j",
                "warmup", "1s",
                "duration", "1s",
                "date", "d"),
            List.of(Row.compared("cache", tell, base), Row.baseline("cache", base)),
            List.of(),
            List.of("a note"));
    String table = report.table();
    assertThat(table).contains("tells").contains("0.25").contains("baseline: raw map");
    assertThat(table).contains("30 ns").contains("900 ns").contains("2 MiB");
    assertThat(table).contains("note: a note");
    assertThat(report.markdown()).contains("| cache | tells | 1,000 | - | - | - | 0.25 | 2 MiB |");
  }

  @Test
  void nanos_formatsEachRangeInItsUnit() {
    assertThat(Report.nanos(999)).isEqualTo("999 ns");
    assertThat(Report.nanos(1_500)).isEqualTo("1.5 µs");
    assertThat(Report.nanos(2_500_000)).isEqualTo("2.50 ms");
    assertThat(Report.nanos(-1)).isEqualTo("-");
  }

  @Test
  void svg_twoSeries_drawsBothLinesWithTheirLegends() {
    HeapSampler.HeapSeries a =
        new HeapSampler.HeapSeries("bounded", new long[] {0, 1_000_000_000L}, new long[] {1, 2}, 0);
    HeapSampler.HeapSeries b =
        new HeapSampler.HeapSeries(
            "unbounded <map>", new long[] {0, 2_000_000_000L}, new long[] {1, 50 << 20}, 0);
    String svg = HeapChart.svg(List.of(a, b), 1L << 30);
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
    assertThat(svg.split("<polyline", -1)).hasSize(3);
    assertThat(svg).contains("bounded").contains("unbounded &lt;map&gt;");
    assertThat(HeapChart.niceCeiling(55)).isEqualTo(100);
    assertThat(HeapChart.niceCeiling(2.2)).isEqualTo(2.5);
  }
}
