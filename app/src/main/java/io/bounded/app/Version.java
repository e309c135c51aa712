package io.bounded.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The node's version, from {@code io/bounded/app/version.properties} (filtered by Maven). */
final class Version {
  private Version() {}

  static String get() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
