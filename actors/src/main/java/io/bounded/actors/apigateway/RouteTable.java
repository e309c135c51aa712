package io.bounded.actors.apigateway;

import io.bounded.config.ApiGatewaySettings.Route;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's routes by name and by prefix, with longest-prefix matching.
 *
 * <p>A prefix matches at a path-segment boundary: {@code /svc} matches {@code /svc}, {@code /svc/}
 * and {@code /svc/a}, but not {@code /svcx}; a prefix ending in "/" ({@code /svc/}, or {@code /})
 * matches every path that starts with it. The longest matching prefix wins. A lookup costs one hash
 * probe per "/" in the path (two where a prefix may end in "/"), whatever the number of routes. Not
 * thread-safe: it lives inside one actor; the bound on its size is enforced by the actor.
 */
final class RouteTable {
  private final Map<String, Route> byName = new TreeMap<>();
  private final Map<String, Route> byPrefix = new HashMap<>();

  /** The route whose prefix is the longest matching {@code path}, or null. */
  Route match(String path) {
    Route exact = byPrefix.get(path);
    if (exact != null) {
      return exact;
    }
    for (int i = path.length() - 1; i >= 0; i--) {
      if (path.charAt(i) == '/') {
        // "/a/b" under "/a/": the prefix with its slash is longer than the one without
        Route withSlash = byPrefix.get(path.substring(0, i + 1));
        if (withSlash != null) {
          return withSlash;
        }
        if (i > 0) {
          Route bare = byPrefix.get(path.substring(0, i));
          if (bare != null) {
            return bare;
          }
        }
      }
    }
    return null;
  }

  Route get(String name) {
    return byName.get(name);
  }

  /** The route holding {@code prefix}, or null. */
  Route byPrefix(String prefix) {
    return byPrefix.get(prefix);
  }

  /**
   * Adds or replaces by name; the caller has checked that no other route holds the prefix.
   *
   * @return the route replaced, or null
   */
  Route put(Route route) {
    Route old = byName.put(route.name(), route);
    if (old != null) {
      byPrefix.remove(old.prefix());
    }
    byPrefix.put(route.prefix(), route);
    return old;
  }

  Route remove(String name) {
    Route old = byName.remove(name);
    if (old != null) {
      byPrefix.remove(old.prefix());
    }
    return old;
  }

  /** Every route, sorted by name (an unmodifiable view). */
  Iterable<Route> all() {
    return java.util.Collections.unmodifiableCollection(byName.values());
  }

  int size() {
    return byName.size();
  }
}
