package io.bounded.app;

import io.bounded.actors.cache.CacheClient;
import io.bounded.actors.cache.CacheRequests;
import io.bounded.config.CacheSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;

/**
 * The cache over HTTP. A key is one path segment (percent-decoded; encode {@code /} as {@code
 * %2F}).
 *
 * <ul>
 *   <li>{@code PUT /cache/{key}[?ttl=SECONDS]}, body = the value's bytes → 204;
 *   <li>{@code GET /cache/{key}} → 200 with the bytes ({@code application/octet-stream}), or 404;
 *   <li>{@code DELETE /cache/{key}} → 204, or 404 when the key held no live entry;
 *   <li>{@code DELETE /cache} → 200 {@code {"removed": n}}.
 * </ul>
 *
 * <p>The route checks everything the cache would refuse before asking it, so the status is decided
 * here: an empty or over-long key ({@code bounded.cache.max-key-length}) or a TTL that is not a
 * whole number of seconds in {@code (0, bounded.cache.max-ttl]} is 400; a body over {@code
 * bounded.node.http.max-body} or a value over {@code bounded.cache.max-bytes} is 413. Nothing
 * changes in the cache on any of them.
 */
final class CacheRoutes extends RouteSupport {
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

  private final CacheClient cache;
  private final CacheSettings settings;
  private final long maxBody;
  private final Duration bodyTimeout;

  CacheRoutes(CacheClient cache, CacheSettings settings, long maxBody, Duration bodyTimeout) {
    this.cache = cache;
    this.settings = settings;
    this.maxBody = maxBody;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  Route route() {
    return pathPrefix(
        "cache",
        () ->
            concat(
                pathEnd(() -> resource(HttpMethods.DELETE, this::clear)),
                pathSingleSlash(
                    () ->
                        complete(
                            Json.error(
                                StatusCodes.BAD_REQUEST, "bad key", "key must not be empty"))),
                path(
                    PathMatchers.segment(),
                    key ->
                        resource(
                            methods(
                                HttpMethods.GET,
                                () -> validKey(key, () -> get(key)),
                                HttpMethods.PUT,
                                () -> validKey(key, () -> put(key)),
                                HttpMethods.DELETE,
                                () -> validKey(key, () -> remove(key)))))));
  }

  private Route validKey(String key, java.util.function.Supplier<Route> inner) {
    String problem = keyProblem(key);
    return problem == null
        ? inner.get()
        : complete(Json.error(StatusCodes.BAD_REQUEST, "bad key", problem));
  }

  /** Why the cache would refuse {@code key}, or null (the cache's own rule). */
  String keyProblem(String key) {
    return CacheRequests.keyProblem(settings, key);
  }

  private Route get(String key) {
    return completeWithFuture(
        cache
            .get(key)
            .handle(
                (value, error) -> {
                  if (error != null) {
                    throw asCompletion(error);
                  }
                  return value
                      .map(
                          v ->
                              HttpResponse.create()
                                  .withEntity(
                                      HttpEntities.create(
                                          ContentTypes.APPLICATION_OCTET_STREAM, v)))
                      .orElseGet(() -> noSuchKey(key));
                }));
  }

  private Route remove(String key) {
    return completeWithFuture(
        cache
            .remove(key)
            .thenApply(
                existed ->
                    existed
                        ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                        : noSuchKey(key)));
  }

  private Route clear() {
    return completeWithFuture(
        cache.clear().thenApply(n -> Json.response(StatusCodes.OK, Map.of("removed", n))));
  }

  private Route put(String key) {
    return extractRequest(
        request -> {
          Ttl ttl = ttl(request);
          if (ttl.problem() != null) {
            return complete(Json.error(StatusCodes.BAD_REQUEST, "bad ttl", ttl.problem()));
          }
          return extractMaterializer(
              mat ->
                  extractExecutionContext(
                      ec ->
                          extractRequestEntity(
                              entity -> store(key, ttl.value(), entity, mat, ec))));
        });
  }

  private Route store(
      String key, Duration ttl, RequestEntity entity, Materializer mat, Executor executor) {
    OptionalLong declared = entity.getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > maxBody) {
      return complete(ErrorHandling.bodyTooLarge(maxBody));
    }
    if (declared.isPresent()
        && CacheRequests.valueProblem(settings, declared.getAsLong()) != null) {
      return complete(valueTooLarge(declared.getAsLong()));
    }
    long limit = Math.min(maxBody, settings.maxBytes());
    CompletionStage<HttpResponse> stored =
        entity
            // withSizeLimit fails the stream with EntityStreamSizeException past the limit
            .withSizeLimit(limit)
            .toStrict(bodyTimeout.toMillis(), mat)
            // an explicit executor: toStrict's stage runs plain thenCompose async on the JDK
            // default executor, which starts a thread per call on a 2-core machine
            .thenComposeAsync(strict -> cache.put(key, strict.getData(), ttl), executor)
            .handle(
                (done, error) -> {
                  if (error == null) {
                    return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
                  }
                  if (ErrorHandling.unwrap(error) instanceof EntityStreamSizeException) {
                    return limit == maxBody
                        ? ErrorHandling.bodyTooLarge(maxBody)
                        : valueTooLarge(-1);
                  }
                  throw asCompletion(error);
                });
    return completeWithFuture(stored);
  }

  /**
   * 413 for a value over the cache's byte bound; {@code size} is -1 when the body had no length.
   */
  private HttpResponse valueTooLarge(long size) {
    return Json.error(
        StatusCodes.CONTENT_TOO_LARGE,
        "value too large",
        "a value may hold at most "
            + settings.maxBytes()
            + " bytes (bounded.cache.max-bytes), but this one "
            + (size < 0 ? "had more" : "had " + size));
  }

  private static HttpResponse noSuchKey(String key) {
    return Json.error(
        StatusCodes.NOT_FOUND, "no such key", "no live entry for key \"" + key + "\"");
  }

  /**
   * The {@code ttl} query parameter: a whole number of seconds in (0, max-ttl]; absent = default
   * TTL.
   */
  record Ttl(Duration value, String problem) {}

  Ttl ttl(HttpRequest request) {
    List<String> given = request.getUri().query().getAll("ttl");
    if (given.isEmpty()) {
      return new Ttl(null, null);
    }
    if (given.size() > 1) {
      return new Ttl(
          null, "ttl must be given at most once, but was given " + given.size() + " times");
    }
    String raw = given.get(0);
    if (!SECONDS.matcher(raw).matches()) {
      return new Ttl(null, "ttl must be a whole number of seconds, but was \"" + cut(raw) + "\"");
    }
    Duration ttl = Duration.ofSeconds(Long.parseLong(raw));
    if (ttl.isZero()) {
      return new Ttl(null, "ttl must be > 0 seconds, but was 0");
    }
    if (ttl.compareTo(settings.maxTtl()) > 0) {
      return new Ttl(
          null,
          "ttl must be <= bounded.cache.max-ttl ("
              + settings.maxTtl().toSeconds()
              + " seconds), but was "
              + raw);
    }
    String problem = CacheRequests.ttlProblem(settings, ttl);
    return problem == null ? new Ttl(ttl, null) : new Ttl(null, problem);
  }

  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  private static RuntimeException asCompletion(Throwable error) {
    Throwable e = ErrorHandling.unwrap(error);
    return e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
  }
}
