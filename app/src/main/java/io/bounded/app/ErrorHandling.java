package io.bounded.app;

import io.bounded.actors.support.RejectedException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.ExceptionWithErrorInfo;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every rejection and exception of the routes into a JSON error. Bad input is answered 4xx;
 * only a component that does not answer in time (503) or a defect in the node (500) gives 5xx.
 */
final class ErrorHandling extends AllDirectives {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  private final long maxBody;

  ErrorHandling(long maxBody) {
    this.maxBody = maxBody;
  }

  /** Wraps {@code inner} so that nothing it rejects or throws leaves without a JSON body. */
  Route wrap(Route inner) {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> inner));
  }

  RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rs -> {
              Set<HttpMethod> allowed = new LinkedHashSet<>();
              rs.forEach(r -> allowed.add(r.supported()));
              return complete(methodNotAllowed(allowed));
            })
        .handle(
            Rejection.class,
            r -> complete(Json.error(StatusCodes.BAD_REQUEST, "bad request", r.toString())))
        .handleNotFound(
            extractUri(
                uri ->
                    complete(
                        Json.error(
                            StatusCodes.NOT_FOUND, "not found", "no endpoint at " + uri.path()))))
        .build();
  }

  /** 405 with an {@code Allow} header naming the methods the path accepts. */
  static HttpResponse methodNotAllowed(Set<HttpMethod> allowed) {
    String names = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    return Json.error(
        StatusCodes.METHOD_NOT_ALLOWED,
        "method not allowed",
        "this path accepts " + names,
        Allow.create(allowed.toArray(new HttpMethod[0])));
  }

  ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder().matchAny(e -> complete(toResponse(e))).build();
  }

  /** The JSON answer for a failure of a route or of the component it asked. */
  HttpResponse toResponse(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof EntityStreamSizeException) {
      return bodyTooLarge(maxBody);
    }
    if (e instanceof IllegalRequestException bad) {
      int status = bad.status().intValue();
      return Json.error(
          status >= 400 && status < 500 ? bad.status() : StatusCodes.BAD_REQUEST,
          "bad request",
          bad.info().formatPretty());
    }
    if (e instanceof ExceptionWithErrorInfo bad) {
      // an illegal URI, header or chunk met while routing: the client's fault
      return Json.error(StatusCodes.BAD_REQUEST, "bad request", bad.info().formatPretty());
    }
    if (e instanceof RejectedException rejected) {
      return rejected(rejected);
    }
    if (e instanceof TimeoutException || e instanceof AskTimeoutException) {
      return Json.error(
          StatusCodes.SERVICE_UNAVAILABLE,
          "busy",
          "the component did not answer within bounded.runtime.ask-timeout; retry later",
          RetryAfter.create(1L));
    }
    LOG.error("request failed", e);
    return Json.error(
        StatusCodes.INTERNAL_SERVER_ERROR, "internal error", e.getClass().getSimpleName());
  }

  /** 413 for a request body over {@code bounded.node.http.max-body}. */
  static HttpResponse bodyTooLarge(long maxBody) {
    return Json.error(
        StatusCodes.CONTENT_TOO_LARGE,
        "body too large",
        "request bodies are limited to " + maxBody + " bytes (bounded.node.http.max-body)");
  }

  /**
   * A component refused the request. The routes validate every input the component checks before
   * asking it, so a refusal that still arrives is an overloaded inbox (503), or a rule the node
   * does not know yet (400).
   */
  static HttpResponse rejected(RejectedException e) {
    String reason = e.getMessage();
    if (reason.contains("inbox is full")) {
      return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "busy", reason, RetryAfter.create(1L));
    }
    if (reason.contains("max-bytes")) {
      return Json.error(StatusCodes.CONTENT_TOO_LARGE, "value too large", reason);
    }
    return Json.error(StatusCodes.BAD_REQUEST, "rejected", reason);
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
