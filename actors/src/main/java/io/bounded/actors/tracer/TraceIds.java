package io.bounded.actors.tracer;

import java.util.concurrent.ThreadLocalRandom;

/** W3C trace and span ids: random generation and the validity rules. */
final class TraceIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TraceIds() {}

  /** A random, non-zero trace id: 32 lowercase hex digits. */
  static String newTraceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = r.nextLong();
    long lo;
    do {
      lo = r.nextLong();
    } while (hi == 0 && lo == 0);
    char[] out = new char[32];
    hex(hi, out, 0);
    hex(lo, out, 16);
    return new String(out);
  }

  /** A random, non-zero span id: 16 lowercase hex digits. */
  static String newSpanId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long id;
    do {
      id = r.nextLong();
    } while (id == 0);
    char[] out = new char[16];
    hex(id, out, 0);
    return new String(out);
  }

  private static void hex(long v, char[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
  }

  /** Why {@code id} is not a trace id, or {@code null}. */
  static String traceIdProblem(String id) {
    return idProblem("trace id", id, 32);
  }

  /** Why {@code id} is not a span id, or {@code null}. */
  static String spanIdProblem(String id) {
    return idProblem("span id", id, 16);
  }

  private static String idProblem(String what, String id, int length) {
    boolean ok = id.length() == length;
    boolean zero = true;
    for (int i = 0; ok && i < length; i++) {
      char c = id.charAt(i);
      ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      zero &= c == '0';
    }
    if (!ok) {
      return what
          + " must be "
          + length
          + " lowercase hex digits, but was \""
          + (id.length() > 64 ? id.substring(0, 64) + "…" : id)
          + "\"";
    }
    return zero ? what + " must not be all zeros" : null;
  }
}
