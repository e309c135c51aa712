package io.bounded.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Absolute http and https URLs in settings (gateway upstreams, the OTLP collector). */
final class HttpUrls {
  /** The rule, worded to follow "must be". */
  static final String RULE =
      "an absolute http or https URL with a host (e.g. http://127.0.0.1:9000)";

  private HttpUrls() {}

  /** The URL, or {@code null} when it is not an absolute http or https URL with a host. */
  static URI parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return isHttp(new URI(text)) ? new URI(text) : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** True for an absolute http or https URL with a host. */
  static boolean isHttp(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }
}
