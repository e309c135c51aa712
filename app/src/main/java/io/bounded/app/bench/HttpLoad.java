package io.bounded.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The bench's own HTTP load generator, the counterpart of {@code redis-benchmark}: {@code clients}
 * plain threads, each a blocking {@code java.net.http} loop of one request at a time on its own
 * keep-alive connection (no pipelining), until {@code requests} in total are done or a deadline
 * passes. Keys are random among {@link #KEYSPACE} (like {@code redis-benchmark -r}); values are
 * {@link #VALUE_BYTES} bytes (like {@code -d}).
 */
final class HttpLoad {
  /** Distinct keys the load picks from at random. */
  static final int KEYSPACE = 10_000;

  /** Bytes in every PUT's body. */
  static final int VALUE_BYTES = 32;

  /** A request that does not complete within this counts as an error. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  enum Op {
    PUT,
    GET
  }

  /** The outcome of one run: requests answered as expected, errors, and their latency. */
  record Result(long ok, long errors, String firstError, Histogram latency) {}

  private HttpLoad() {}

  static Result run(
      String baseUri, Op op, int clients, long requests, long deadlineNanos, Histogram latency)
      throws InterruptedException {
    AtomicLong remaining = new AtomicLong(requests);
    AtomicLong errors = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    String[] firstError = {null};
    List<Thread> threads = new ArrayList<>();
    List<Histogram> histograms = new ArrayList<>();
    byte[] body = new byte[VALUE_BYTES];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    for (int c = 0; c < clients; c++) {
      Histogram h = BenchContext.histogram();
      histograms.add(h);
      long seed = 31L * c + op.ordinal();
      Thread t =
          new Thread(
              () -> {
                // one client per thread: its own connection, one request at a time
                HttpClient client =
                    HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(REQUEST_TIMEOUT)
                        .build();
                SplittableRandom random = new SplittableRandom(seed);
                while (System.nanoTime() - deadlineNanos < 0 && remaining.decrementAndGet() >= 0) {
                  URI uri = URI.create(baseUri + "/cache/key-" + random.nextInt(KEYSPACE));
                  HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
                  HttpRequest request =
                      op == Op.PUT
                          ? b.PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build()
                          : b.GET().build();
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<byte[]> r =
                        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    BenchContext.record(h, System.nanoTime() - t0);
                    int status = r.statusCode();
                    if (status == 204 || status == 200 || (op == Op.GET && status == 404)) {
                      ok.incrementAndGet();
                    } else {
                      fail(errors, firstError, op + " answered " + status);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  } catch (Exception e) {
                    fail(errors, firstError, op + " failed: " + e);
                  }
                }
              },
              "bench-http-client-" + c);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    histograms.forEach(latency::add);
    return new Result(ok.get(), errors.get(), firstError[0], latency);
  }

  private static void fail(AtomicLong errors, String[] first, String what) {
    if (errors.getAndIncrement() == 0) {
      synchronized (first) {
        first[0] = what;
      }
    }
  }
}
