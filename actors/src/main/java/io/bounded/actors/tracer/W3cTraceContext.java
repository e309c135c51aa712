package io.bounded.actors.tracer;

import io.bounded.protocols.tracer.TracerProtocol.SpanContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): parses and formats the {@code
 * traceparent} and {@code tracestate} headers. Parsing never throws: it answers a {@link Parsed}
 * holding either the value or the reason the header is malformed.
 *
 * <p>{@code traceparent} is {@code version-traceid-parentid-flags}: version 2 hex digits (not
 * {@code ff}); trace id 32 and parent id 16 lowercase hex digits, not all zero; flags 2 hex digits
 * (bit 0 = sampled). Version {@code 00} is exactly 55 characters; a higher version may carry more
 * fields after a further {@code -}, which are ignored, as the specification asks.
 *
 * <p>{@code tracestate} is at most 32 comma-separated {@code key=value} members (optional spaces
 * and tabs around each, empty members skipped), keys unique, at most 512 characters in all.
 */
final class W3cTraceContext {
  /** Most list members in {@code tracestate}. */
  static final int MAX_TRACESTATE_MEMBERS = 32;

  /** Longest {@code tracestate} header kept (the specification's propagation minimum). */
  static final int MAX_TRACESTATE_LENGTH = 512;

  private static final int TRACEPARENT_V00_LENGTH = 55;

  private W3cTraceContext() {}

  /** A parse outcome: the value, or why there is none. */
  record Parsed<T>(T value, String problem) {
    static <T> Parsed<T> ok(T value) {
      return new Parsed<>(value, null);
    }

    static <T> Parsed<T> bad(String problem) {
      return new Parsed<>(null, problem);
    }

    boolean isOk() {
      return problem == null;
    }
  }

  /**
   * Parses a {@code traceparent} header (and an optional {@code tracestate}) into the remote
   * parent's context.
   *
   * @param tracestate the {@code tracestate} header, or {@code null} when absent; a malformed one
   *     makes the whole parse fail (callers that prefer to drop it may parse it separately)
   */
  static Parsed<SpanContext> parse(String traceparent, String tracestate) {
    if (traceparent == null) {
      return Parsed.bad("traceparent is missing");
    }
    String tp = traceparent.strip();
    if (tp.length() < TRACEPARENT_V00_LENGTH) {
      return Parsed.bad(
          "traceparent must be at least "
              + TRACEPARENT_V00_LENGTH
              + " characters (version-traceid-parentid-flags), but was "
              + tp.length());
    }
    if (tp.charAt(2) != '-' || tp.charAt(35) != '-' || tp.charAt(52) != '-') {
      return Parsed.bad("traceparent fields must be separated by '-' at positions 2, 35 and 52");
    }
    String version = tp.substring(0, 2);
    if (!isLowerHex(version)) {
      return Parsed.bad("traceparent version must be 2 lowercase hex digits, but was " + version);
    }
    if (version.equals("ff")) {
      return Parsed.bad("traceparent version ff is invalid");
    }
    if (version.equals("00") && tp.length() != TRACEPARENT_V00_LENGTH) {
      return Parsed.bad(
          "traceparent version 00 must be exactly "
              + TRACEPARENT_V00_LENGTH
              + " characters, but was "
              + tp.length());
    }
    if (tp.length() > TRACEPARENT_V00_LENGTH && tp.charAt(TRACEPARENT_V00_LENGTH) != '-') {
      return Parsed.bad("traceparent of a future version must continue with '-' after the flags");
    }
    String traceId = tp.substring(3, 35);
    String problem = TraceIds.traceIdProblem(traceId);
    if (problem != null) {
      return Parsed.bad("traceparent " + problem);
    }
    String spanId = tp.substring(36, 52);
    problem = TraceIds.spanIdProblem(spanId);
    if (problem != null) {
      return Parsed.bad("traceparent parent-id: " + problem);
    }
    String flags = tp.substring(53, 55);
    if (!isLowerHex(flags)) {
      return Parsed.bad("traceparent flags must be 2 lowercase hex digits, but was " + flags);
    }
    boolean sampled = (Integer.parseInt(flags, 16) & 0x01) != 0;
    String state = "";
    if (tracestate != null) {
      Parsed<List<String>> members = parseTraceState(tracestate);
      if (!members.isOk()) {
        return Parsed.bad(members.problem());
      }
      state = String.join(",", members.value());
    }
    return Parsed.ok(new SpanContext(traceId, spanId, sampled, state));
  }

  /** The {@code traceparent} header for {@code context} (version 00). */
  static String format(SpanContext context) {
    return "00-" + context.traceId() + "-" + context.spanId() + (context.sampled() ? "-01" : "-00");
  }

  /**
   * Parses a {@code tracestate} header into its members ({@code key=value}, spaces trimmed, empty
   * members skipped), in order.
   */
  static Parsed<List<String>> parseTraceState(String header) {
    if (header.length() > MAX_TRACESTATE_LENGTH) {
      return Parsed.bad(
          "tracestate must be at most "
              + MAX_TRACESTATE_LENGTH
              + " characters, but was "
              + header.length());
    }
    List<String> members = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (String raw : header.split(",", -1)) {
      String member = raw.strip();
      if (member.isEmpty()) {
        continue;
      }
      int eq = member.indexOf('=');
      if (eq <= 0) {
        return Parsed.bad("tracestate member \"" + cut(member) + "\" must be key=value");
      }
      String key = member.substring(0, eq);
      String value = member.substring(eq + 1);
      if (!isValidKey(key)) {
        return Parsed.bad(
            "tracestate key \""
                + cut(key)
                + "\" must be lowercase letters, digits, '_', '-', '*', '/' (optionally"
                + " tenant@system), starting with a letter or, before '@', a digit");
      }
      if (!isValidValue(value)) {
        return Parsed.bad(
            "tracestate value of \""
                + key
                + "\" must be 1 to 256 printable ASCII characters other than ',' and '=', not"
                + " ending in a space");
      }
      if (!keys.add(key)) {
        return Parsed.bad("tracestate key \"" + key + "\" appears more than once");
      }
      members.add(member);
      if (members.size() > MAX_TRACESTATE_MEMBERS) {
        return Parsed.bad(
            "tracestate must have at most " + MAX_TRACESTATE_MEMBERS + " members, but had more");
      }
    }
    return Parsed.ok(List.copyOf(members));
  }

  static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValidKey(String key) {
    int at = key.indexOf('@');
    if (at < 0) {
      return key.length() <= 256 && isKeyPart(key, false);
    }
    String tenant = key.substring(0, at);
    String system = key.substring(at + 1);
    return tenant.length() >= 1
        && tenant.length() <= 241
        && system.length() >= 1
        && system.length() <= 14
        && isKeyPart(tenant, true)
        && isKeyPart(system, false);
  }

  private static boolean isKeyPart(String s, boolean digitFirstAllowed) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (digitFirstAllowed && first >= '0' && first <= '9'))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '*'
              || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValidValue(String v) {
    if (v.isEmpty() || v.length() > 256 || v.charAt(v.length() - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }

  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
