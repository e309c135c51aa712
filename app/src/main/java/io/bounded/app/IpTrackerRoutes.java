package io.bounded.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.actors.support.EdgeFutures;
import io.bounded.protocols.iptracker.IpTrackerProtocol;
import io.bounded.protocols.iptracker.IpTrackerProtocol.AddressState;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * The IP tracker over the API listener.
 *
 * <ul>
 *   <li>{@code GET /admin/ip/{address}} → 200 counts, bucket and ban state;
 *   <li>{@code PUT /admin/ip/{address}/ban}, body {@code {"seconds": N}} (1..{@code
 *       ban.max-ban-duration}) → 200 {@code {"address", "bannedUntil"}};
 *   <li>{@code DELETE /admin/ip/{address}/ban} → 200 {@code {"address", "wasBanned"}}.
 * </ul>
 *
 * A malformed address (or a host name: nothing is looked up) is 400 and changes nothing.
 */
final class IpTrackerRoutes extends RouteSupport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long MAX_BAN_BODY = 1024;

  private final BoundedRuntime runtime;
  private final Duration bodyTimeout;

  IpTrackerRoutes(BoundedRuntime runtime, Duration bodyTimeout) {
    this.runtime = runtime;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  Route route() {
    return pathPrefix(
        "admin",
        () ->
            pathPrefix(
                "ip",
                () ->
                    pathPrefix(
                        PathMatchers.segment(),
                        address ->
                            concat(
                                pathEnd(() -> resource(HttpMethods.GET, () -> inspect(address))),
                                path(
                                    "ban",
                                    () ->
                                        resource(
                                            methods(
                                                HttpMethods.PUT,
                                                () -> ban(address),
                                                HttpMethods.DELETE,
                                                () -> unban(address))))))));
  }

  private Route inspect(String address) {
    return completeWithFuture(
        ask((ActorRef<IpTrackerProtocol.InspectReply> r) ->
                new IpTrackerProtocol.Inspect(address, r))
            .thenApply(
                reply -> {
                  if (reply instanceof AddressState s) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("address", s.address());
                    m.put("list", s.list());
                    m.put("tracked", s.tracked());
                    m.put("requests", s.requests());
                    m.put("failuresInWindow", s.failuresInWindow());
                    m.put("tokens", s.tokens());
                    m.put("burst", s.burst());
                    m.put("banned", s.banned());
                    m.put(
                        "bannedUntil", s.bannedUntil() == null ? null : s.bannedUntil().toString());
                    m.put("offences", s.offences());
                    m.put("lastSeen", s.lastSeen() == null ? null : s.lastSeen().toString());
                    return Json.response(StatusCodes.OK, m);
                  }
                  return rejected((IpTrackerProtocol.Rejected) reply);
                }));
  }

  private Route ban(String address) {
    return extractMaterializer(
        mat ->
            extractRequestEntity(
                entity ->
                    completeWithFuture(
                        entity
                            .withSizeLimit(MAX_BAN_BODY)
                            .toStrict(bodyTimeout.toMillis(), mat)
                            .thenCompose(strict -> ban(address, strict.getData().utf8String()))
                            .exceptionally(
                                e -> {
                                  if (ErrorHandling.unwrap(e)
                                      instanceof EntityStreamSizeException) {
                                    return Json.error(
                                        StatusCodes.CONTENT_TOO_LARGE,
                                        "body too large",
                                        "a ban is at most " + MAX_BAN_BODY + " bytes of JSON");
                                  }
                                  throw new CompletionException(ErrorHandling.unwrap(e));
                                }))));
  }

  private CompletionStage<HttpResponse> ban(String address, String body) {
    long seconds;
    try {
      JsonNode node = MAPPER.readTree(body);
      JsonNode s = node == null ? null : node.get("seconds");
      if (s == null || !s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() <= 0) {
        return CompletableFuture.completedFuture(
            Json.error(
                StatusCodes.BAD_REQUEST,
                "bad ban",
                "the body must be {\"seconds\": N} with N a whole number > 0, but was "
                    + cut(body)));
      }
      seconds = s.asLong();
    } catch (IOException e) {
      return CompletableFuture.completedFuture(
          Json.error(StatusCodes.BAD_REQUEST, "bad ban", "the body must be JSON: " + cut(body)));
    }
    return ask((ActorRef<IpTrackerProtocol.BanReply> r) ->
            new IpTrackerProtocol.Ban(address, Duration.ofSeconds(seconds), r))
        .thenApply(
            reply -> {
              if (reply instanceof IpTrackerProtocol.BanSet set) {
                return Json.response(
                    StatusCodes.OK,
                    Map.of("address", set.address(), "bannedUntil", set.until().toString()));
              }
              return rejected((IpTrackerProtocol.Rejected) reply);
            });
  }

  private Route unban(String address) {
    return completeWithFuture(
        ask((ActorRef<IpTrackerProtocol.UnbanReply> r) -> new IpTrackerProtocol.Unban(address, r))
            .thenApply(
                reply -> {
                  if (reply instanceof IpTrackerProtocol.Unbanned u) {
                    return Json.response(
                        StatusCodes.OK, Map.of("address", u.address(), "wasBanned", u.wasBanned()));
                  }
                  return rejected((IpTrackerProtocol.Rejected) reply);
                }));
  }

  private static HttpResponse rejected(IpTrackerProtocol.Rejected r) {
    if (r.reason().contains("inbox is full")) {
      return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "busy", r.reason(), RetryAfter.create(1L));
    }
    return Json.error(StatusCodes.BAD_REQUEST, "bad request", r.reason());
  }

  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  private <R> CompletionStage<R> ask(Function<ActorRef<R>, IpTrackerProtocol.Command> make) {
    return EdgeFutures.ask(
        runtime.ipTracker(),
        make,
        runtime.settings().runtime().askTimeout(),
        runtime.system().scheduler(),
        runtime.executor());
  }
}
