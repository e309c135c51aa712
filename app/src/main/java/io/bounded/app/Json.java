package io.bounded.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.LedgerEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * JSON bodies of the node's answers. Every error body is {@code {"error": "...", "detail": "..."}}:
 * {@code error} is a short stable phrase a client can switch on, {@code detail} says what was wrong
 * and which setting bounds it.
 */
final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /** The value as JSON bytes; only maps, lists, strings, numbers and booleans are passed here. */
  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /** A JSON response. */
  static HttpResponse response(StatusCode status, Object body, HttpHeader... headers) {
    return HttpResponse.create()
        .withStatus(status)
        .addHeaders(List.of(headers))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, bytes(body)));
  }

  /** A JSON error response: {@code {"error": error, "detail": detail}}. */
  static HttpResponse error(StatusCode status, String error, String detail, HttpHeader... headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("detail", detail);
    return response(status, body, headers);
  }

  /** One component's stats as a JSON object, fields in the record's order. */
  static Map<String, Object> stats(ComponentStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("size", s.size());
    m.put("capacity", s.capacity());
    m.put("inserts", s.inserts());
    m.put("hits", s.hits());
    m.put("misses", s.misses());
    m.put("evictions", s.evictions());
    m.put("expirations", s.expirations());
    m.put("rejections", s.rejections());
    m.put("drops", s.drops());
    m.put("mailboxOverflows", s.mailboxOverflows());
    m.put("cleanupRuns", s.cleanupRuns());
    m.put("cleanupFailures", s.cleanupFailures());
    m.put("lastCleanupDurationMillis", s.lastCleanupDuration().toNanos() / 1_000_000.0);
    m.put("byCause", new TreeMap<>(s.byCause()));
    m.put("gauges", new TreeMap<>(s.gauges()));
    List<Map<String, Object>> recent = new ArrayList<>();
    for (LedgerEntry e : s.recent()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("at", e.at().toString());
      r.put("cause", e.cause().key());
      r.put("subject", e.subject());
      recent.add(r);
    }
    m.put("recent", recent);
    return m;
  }
}
