package io.bounded.app;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: Prometheus text format (see {@link Metrics} for the series). */
final class MetricsRoutes extends RouteSupport {
  private final Metrics metrics;

  MetricsRoutes(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  Route route() {
    return path(
        "metrics",
        () ->
            resource(
                HttpMethods.GET,
                () ->
                    completeWithFuture(
                        metrics
                            .scrape()
                            .thenApply(
                                text ->
                                    HttpResponse.create()
                                        .withEntity(
                                            HttpEntities.create(
                                                ContentTypes.TEXT_PLAIN_UTF8, text))))));
  }
}
