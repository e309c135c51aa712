package io.bounded.app.bench;

import com.typesafe.config.ConfigFactory;
import io.bounded.app.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The node's HTTP cache against Redis 7 on loopback, the same number of clients and requests on
 * each side, one request at a time per client (no pipelining):
 *
 * <ul>
 *   <li>the node: started in this JVM on a free loopback port; {@link HttpLoad} sends {@code PUT
 *       /cache/key-N} (32-byte body), then {@code GET /cache/key-N}, keys random among 10,000;
 *   <li>Redis: {@code redis-server} started on a free loopback port, {@code redis-benchmark -t
 *       set,get -c N -n M -d 32 -r 10000} as a subprocess (see {@link RedisBaseline}).
 * </ul>
 *
 * <p>Both sides share this machine's cores with their load generator: the node's runs in the node's
 * JVM, Redis's is a separate C process. When Redis is not installed the node half still runs and
 * the report says how to install it.
 */
final class HttpCacheWorkload implements Workload {
  @Override
  public String name() {
    return "http-cache";
  }

  @Override
  public String description() {
    return "the node's HTTP cache (PUT/GET) vs Redis 7 SET/GET on loopback, same clients";
  }

  @Override
  public int measurements() {
    return 3;
  }

  @Override
  public List<Row> run(BenchContext ctx) throws Exception {
    int clients = ctx.clients();
    long requests = ctx.requests();
    Measurement put;
    Measurement get;
    try (Node node =
        Node.start(
            ConfigFactory.parseMap(
                    Map.of(
                        "bounded.node.http.host",
                        "127.0.0.1",
                        "bounded.node.http.port",
                        0,
                        "bounded.node.data-dir",
                        ctx.outDir().resolve("node-data").toString()))
                .withFallback(ctx.config()))) {
      String base = "http://127.0.0.1:" + node.port();
      put =
          ctx.measure(
              label("PUT", clients), true, (d, h) -> load(ctx, base, HttpLoad.Op.PUT, d, h));
      get =
          ctx.measure(
              label("GET", clients), true, (d, h) -> load(ctx, base, HttpLoad.Op.GET, d, h));
    }
    List<Row> rows = new ArrayList<>();
    if (!RedisBaseline.installed()) {
      ctx.note(
          "http-cache: Redis half SKIPPED: redis-server/redis-benchmark are not on the PATH."
              + " Install them with: "
              + RedisBaseline.INSTALL_HINT);
      rows.add(new Row(name(), put, "Redis: not installed", null));
      rows.add(new Row(name(), get, "Redis: not installed", null));
      return rows;
    }
    ctx.phase("redis-benchmark -t set,get", ctx.duration().multipliedBy(2));
    Map.Entry<String, Map<String, RedisBaseline.Figures>> redis =
        RedisBaseline.run(ctx.outDir().resolve("redis"), clients, requests);
    ctx.note("http-cache: Redis baseline measured with: " + redis.getKey());
    Measurement set = redisRow(redis.getValue().get("SET"), clients, requests);
    Measurement redisGet = redisRow(redis.getValue().get("GET"), clients, requests);
    rows.add(Row.compared(name(), put, set));
    rows.add(Row.baseline(name(), set));
    rows.add(Row.compared(name(), get, redisGet));
    rows.add(Row.baseline(name(), redisGet));
    return rows;
  }

  private static String label(String method, int clients) {
    return String.format(
        Locale.ROOT, "node HTTP %s /cache/{key} (%d clients, java.net.http)", method, clients);
  }

  private static long load(
      BenchContext ctx, String base, HttpLoad.Op op, long deadline, Histogram h)
      throws InterruptedException {
    HttpLoad.Result r = HttpLoad.run(base, op, ctx.clients(), ctx.requests(), deadline, h);
    if (r.errors() > 0) {
      ctx.note(
          String.format(
              Locale.ROOT,
              "http-cache: %s had %,d errors of %,d requests; first: %s",
              op,
              r.errors(),
              r.errors() + r.ok(),
              r.firstError()));
    }
    return r.ok();
  }

  private static Measurement redisRow(RedisBaseline.Figures f, int clients, long requests) {
    if (f == null) {
      throw new IllegalStateException("redis-benchmark did not report both SET and GET");
    }
    long elapsed = (long) (requests * 1e9 / f.rps());
    return new Measurement(
        String.format(Locale.ROOT, "Redis %s (redis-benchmark, %d clients)", f.test(), clients),
        requests,
        elapsed,
        new Measurement.Latency(
            requests,
            millisToNanos(f.p50Millis()),
            millisToNanos(f.p99Millis()),
            -1,
            millisToNanos(f.maxMillis())),
        -1);
  }

  private static long millisToNanos(double millis) {
    return millis < 0 ? -1 : Math.round(millis * 1e6);
  }
}
