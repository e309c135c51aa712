package io.bounded.app.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The API gateway's standard workload, reusing {@link GatewayBench}: GETs with {@link #IN_FLIGHT}
 * in flight over loopback, straight to a local upstream and through a node's gateway listener to
 * it. The node and the upstream are started for the workload and closed after it.
 */
final class GatewayWorkload implements Workload {
  static final int IN_FLIGHT = 16;

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public String description() {
    return "GETs through the gateway listener vs straight to the upstream, 16 in flight";
  }

  @Override
  public int measurements() {
    return 2;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    try (GatewayBench.Rig rig = GatewayBench.Rig.start()) {
      Measurement direct =
          ctx.measure(
              "direct to upstream", true, (deadline, h) -> load(rig, "direct", deadline, h));
      Measurement gateway =
          ctx.measure(
              "through the gateway", true, (deadline, h) -> load(rig, "gateway", deadline, h));
      return List.of(Row.baseline(name(), direct), Row.compared(name(), gateway, direct));
    }
  }

  private static long load(GatewayBench.Rig rig, String which, long deadline, Histogram nanos)
      throws Exception {
    GatewayBench.Result r =
        GatewayBench.load(
            rig.client,
            which,
            which.equals("direct") ? rig.direct : rig.gateway,
            Integer.MAX_VALUE,
            IN_FLIGHT,
            deadline);
    for (HistogramIterationValue v : r.latencyMicros().recordedValues()) {
      nanos.recordValueWithCount(
          Math.min(v.getValueIteratedTo() * 1_000, BenchContext.MAX_LATENCY_NANOS),
          v.getCountAtValueIteratedTo());
    }
    if (r.errors() > 0) {
      throw new IllegalStateException(which + ": " + r.errors() + " requests failed");
    }
    return r.requests();
  }

  /**
   * The soak's gateway listens on a free loopback port, and its client (loopback) is allow-listed
   * in the IP tracker, over the user's allow list: the soak's traffic is not rate-limited, and the
   * IP tracker's own soak is not mixed with it.
   */
  @Override
  public Config soakConfig(Config config) {
    List<String> allow = new ArrayList<>();
    if (config.hasPath("bounded.ip-tracker.allow")) {
      allow.addAll(config.getStringList("bounded.ip-tracker.allow"));
    }
    allow.add("127.0.0.1/32");
    allow.add("::1/128");
    return ConfigFactory.parseMap(
        Map.of(
            "bounded.api-gateway.listen-host",
            "127.0.0.1",
            "bounded.api-gateway.listen-port",
            0,
            "bounded.ip-tracker.allow",
            allow),
        "bench --soak (the gateway's listener and client)");
  }

  @Override
  public Optional<SoakSubject> soakSubject(BoundedRuntime runtime) throws Exception {
    return Optional.of(new GatewaySoak(runtime));
  }

  @Override
  public boolean soaks() {
    return true;
  }
}
