package io.bounded.app;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests too malformed to reach the routes (header or URI over its limit, a declared body
 * over {@code bounded.node.http.max-body}, broken syntax) with the node's JSON error body. Pekko
 * HTTP creates it by name from {@code pekko.http.server.parsing.error-handler}, which the node
 * sets.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  public JsonParsingErrorHandler() {}

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("illegal request: {}", info.formatPretty());
    String error =
        switch (status.intValue()) {
          case 413 -> "body too large";
          case 414 -> "uri too long";
          case 431 -> "headers too large";
          default -> "bad request";
        };
    String detail = info.formatPretty();
    if (status.intValue() >= 500) {
      // e.g. 501 for an unknown method: the node never answers 5xx to bad input
      return Json.error(org.apache.pekko.http.javadsl.model.StatusCodes.BAD_REQUEST, error, detail);
    }
    if (status.intValue() == 413) {
      detail += " (bounded.node.http.max-body)";
    }
    return Json.error(status, error, detail);
  }
}
