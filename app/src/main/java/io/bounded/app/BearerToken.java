package io.bounded.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} against {@code bounded.node.api.token}. Both sides
 * are hashed with SHA-256 and compared with {@link MessageDigest#isEqual}, so neither the content
 * nor the length of the configured token leaks through response timing.
 */
final class BearerToken {
  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  /**
   * @param token the configured token; empty means no token is required
   */
  BearerToken(String token) {
    this.expected = token.isEmpty() ? null : sha256(token);
  }

  /** True when a token is configured. */
  boolean required() {
    return expected != null;
  }

  /** True when no token is configured, or the header carries the right one. */
  boolean accepts(Optional<String> authorization) {
    if (expected == null) {
      return true;
    }
    if (authorization.isEmpty()) {
      return false;
    }
    String value = authorization.get();
    if (value.length() <= PREFIX.length()
        || !value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(value.substring(PREFIX.length()).trim()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
