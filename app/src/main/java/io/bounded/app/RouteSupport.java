package io.bounded.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every {@code XxxRoutes} class shares: one path, a few methods, 405 with {@code Allow} for
 * the rest.
 */
abstract class RouteSupport extends AllDirectives {

  /** The routes of this class. */
  abstract Route route();

  /**
   * A resource answering {@code handlers}' methods; any other method gets 405 naming the allowed
   * ones.
   */
  final Route resource(Map<HttpMethod, Supplier<Route>> handlers) {
    List<Route> alternatives = new ArrayList<>();
    handlers.forEach((m, h) -> alternatives.add(method(m, h)));
    // built only when a request gets this far: resources under a path variable are made per
    // request, and most requests use an allowed method
    Set<HttpMethod> allowed = new LinkedHashSet<>();
    handlers
        .keySet()
        .forEach(
            m -> {
              allowed.add(m);
              if (m.equals(HttpMethods.GET)) {
                allowed.add(HttpMethods.HEAD); // served as GET without the body, see Node
              }
            });
    alternatives.add(
        extractRequestContext(ctx -> complete(ErrorHandling.methodNotAllowed(allowed))));
    return concat(
        alternatives.get(0), alternatives.subList(1, alternatives.size()).toArray(Route[]::new));
  }

  /** A resource answering one method. */
  final Route resource(HttpMethod method, Supplier<Route> handler) {
    Map<HttpMethod, Supplier<Route>> m = new LinkedHashMap<>();
    m.put(method, handler);
    return resource(m);
  }

  /** An ordered map of handlers, for {@link #resource(Map)}. */
  static Map<HttpMethod, Supplier<Route>> methods(
      HttpMethod m1, Supplier<Route> h1, HttpMethod m2, Supplier<Route> h2) {
    Map<HttpMethod, Supplier<Route>> m = new LinkedHashMap<>();
    m.put(m1, h1);
    m.put(m2, h2);
    return m;
  }

  /** An ordered map of handlers, for {@link #resource(Map)}. */
  static Map<HttpMethod, Supplier<Route>> methods(
      HttpMethod m1,
      Supplier<Route> h1,
      HttpMethod m2,
      Supplier<Route> h2,
      HttpMethod m3,
      Supplier<Route> h3) {
    Map<HttpMethod, Supplier<Route>> m = methods(m1, h1, m2, h2);
    m.put(m3, h3);
    return m;
  }
}
