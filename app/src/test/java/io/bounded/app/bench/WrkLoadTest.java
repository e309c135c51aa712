package io.bounded.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WrkLoadTest {
  private static final String GET_OUTPUT =
      """
      Running 8s test @ http://127.0.0.1:43315
        2 threads and 50 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     4.72ms   15.88ms 168.51ms   95.26%
          Req/Sec    15.79k     4.96k   32.30k    71.52%
        Latency Distribution
           50%    1.42ms
           75%    1.97ms
           90%    3.59ms
           99%   95.79ms
        249741 requests in 8.05s, 39.30MB read
      Requests/sec:  31029.39
      Transfer/sec:      4.88MB
      """;

  @Test
  void parse_aRunWithLatency_readsRequestsTimeAndPercentiles() throws IOException {
    WrkLoad.Figures f = WrkLoad.parse(GET_OUTPUT);
    assertThat(f.requests()).isEqualTo(249_741);
    assertThat(f.elapsedNanos()).isEqualTo(8_050_000_000L);
    assertThat(f.p50Nanos()).isEqualTo(1_420_000);
    assertThat(f.p99Nanos()).isEqualTo(95_790_000);
    assertThat(f.maxNanos()).isEqualTo(168_510_000);
    assertThat(f.bad()).isZero();
  }

  @Test
  void parse_errorsAndMicroseconds_areCountedAndConverted() throws IOException {
    String text =
        GET_OUTPUT
            .replace("50%    1.42ms", "50%  812.00us")
            .replace(
                "Requests/sec:",
                "  Socket errors: connect 1, read 2, write 3, timeout 4\n"
                    + "  Non-2xx or 3xx responses: 10\nRequests/sec:");
    WrkLoad.Figures f = WrkLoad.parse(text);
    assertThat(f.p50Nanos()).isEqualTo(812_000);
    assertThat(f.bad()).isEqualTo(20);
  }

  @Test
  void parse_noSummary_isAnErrorQuotingTheOutput() {
    assertThatThrownBy(() -> WrkLoad.parse("unable to connect to 127.0.0.1:1 Connection refused"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Connection refused");
  }

  @Test
  void script_putsRandomKeysWithTheBenchsBodySize() {
    String put = WrkLoad.script(HttpLoad.Op.PUT);
    assertThat(put)
        .contains("\"/cache/key-\" .. math.random(0, " + (HttpLoad.KEYSPACE - 1) + ")")
        .contains("wrk.format(\"PUT\"")
        .contains("\"" + "abcdefghijklmnopqrstuvwxyzabcdef" + "\"");
    assertThat("abcdefghijklmnopqrstuvwxyzabcdef").hasSize(HttpLoad.VALUE_BYTES);
    assertThat(WrkLoad.script(HttpLoad.Op.GET)).contains("wrk.format(\"GET\", path)");
  }

  @Test
  void command_isOneRequestAtATimePerConnection_forTheWholeDuration() {
    assertThat(
            WrkLoad.command(
                Path.of("/tmp/s.lua"), "http://127.0.0.1:1", 50, Duration.ofMillis(7_500)))
        .containsExactly(
            "wrk", "-t2", "-c50", "-d8s", "--latency", "-s", "/tmp/s.lua", "http://127.0.0.1:1");
    assertThat(WrkLoad.command(Path.of("s.lua"), "http://h", 1, Duration.ofSeconds(1)))
        .contains("-t1", "-c1", "-d1s");
  }
}
