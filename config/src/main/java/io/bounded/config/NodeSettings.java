package io.bounded.config;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Settings of the standalone node, from {@code bounded.node}.
 *
 * @param dataDir where the node keeps files ({@code bounded.node.data-dir})
 * @param httpHost API bind address ({@code bounded.node.http.host}); a non-loopback address
 *     requires a token
 * @param httpPort API port, 0 for any free port ({@code bounded.node.http.port})
 * @param maxBody largest request body in bytes ({@code bounded.node.http.max-body})
 * @param requestTimeout longest a request may take ({@code bounded.node.http.request-timeout})
 * @param shutdownDeadline how long in-flight requests may finish on shutdown ({@code
 *     bounded.node.http.shutdown-deadline})
 * @param apiToken bearer token required by every endpoint but /health; empty for none ({@code
 *     bounded.node.api.token})
 */
public record NodeSettings(
    String dataDir,
    String httpHost,
    int httpPort,
    long maxBody,
    Duration requestTimeout,
    Duration shutdownDeadline,
    String apiToken) {

  /** The config section. */
  public static final String PATH = "bounded.node";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public NodeSettings {
    Problems p = new Problems(PATH);
    p.notBlank("data-dir", dataDir);
    p.notBlank("http.host", httpHost);
    p.between("http.port", httpPort, 0, 65_535);
    p.between("http.max-body", maxBody, 1, 1L << 30);
    p.positive("http.request-timeout", requestTimeout);
    p.positive("http.shutdown-deadline", shutdownDeadline);
    p.require(apiToken != null, "api.token", "a string (empty for none)", "null");
    if (httpHost != null && !httpHost.isBlank() && apiToken != null && apiToken.isEmpty()) {
      p.require(
          isLoopback(httpHost),
          "api.token",
          "set when bounded.node.http.host is not a loopback address (host is \""
              + httpHost
              + "\")",
          "empty");
    }
    p.throwIfAny();
  }

  /**
   * Like the record's own, but the token is masked: it is a secret and this string ends up in logs.
   */
  @Override
  public String toString() {
    return "NodeSettings[dataDir="
        + dataDir
        + ", httpHost="
        + httpHost
        + ", httpPort="
        + httpPort
        + ", maxBody="
        + maxBody
        + ", requestTimeout="
        + requestTimeout
        + ", shutdownDeadline="
        + shutdownDeadline
        + ", apiToken="
        + (apiToken == null || apiToken.isEmpty() ? "<none>" : "****")
        + "]";
  }

  /** True when a token is configured. */
  public boolean tokenRequired() {
    return !apiToken.isEmpty();
  }

  /**
   * Reads and validates {@code bounded.node}.
   *
   * @throws InvalidSettingsException naming every problem
   */
  public static NodeSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    String dataDir = r.string("data-dir");
    String host = r.string("http.host");
    Integer port = r.integer("http.port");
    Long maxBody = r.bytes("http.max-body");
    Duration requestTimeout = r.duration("http.request-timeout");
    Duration shutdownDeadline = r.duration("http.shutdown-deadline");
    String token = r.string("api.token");
    r.problems().throwIfAny();
    return new NodeSettings(dataDir, host, port, maxBody, requestTimeout, shutdownDeadline, token);
  }

  /** A copy listening on another port. */
  public NodeSettings withHttpPort(int port) {
    return new NodeSettings(
        dataDir, httpHost, port, maxBody, requestTimeout, shutdownDeadline, apiToken);
  }

  /**
   * True for {@code localhost} and loopback address literals. Never a DNS lookup: any other host
   * name counts as not loopback, so binding to it requires a token.
   */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    InetAddress address = Cidr.parseAddress(host);
    return address != null && address.isLoopbackAddress();
  }
}
