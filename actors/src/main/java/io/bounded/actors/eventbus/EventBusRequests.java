package io.bounded.actors.eventbus;

import io.bounded.config.EventBusSettings;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * The event bus's input rules in one place, used by the actor and by the node's routes so that both
 * refuse the same input with the same words. Each method answers the problem, or {@code null} when
 * the input is fine.
 */
public final class EventBusRequests {
  private EventBusRequests() {}

  /** Topic names: 1..max-topic-length characters out of letters, digits, '.', '-', '_', ':'. */
  public static String topicProblem(EventBusSettings s, String topic) {
    if (topic == null || topic.isEmpty()) {
      return "topic must not be empty";
    }
    if (topic.length() > s.maxTopicLength()) {
      return "topic must be at most "
          + s.maxTopicLength()
          + " characters (bounded.event-bus.max-topic-length), but was "
          + topic.length();
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_'
              || c == ':';
      if (!ok) {
        return "topic may hold only letters, digits, '.', '-', '_' and ':', but held "
            + describe(c)
            + " at index "
            + i;
      }
    }
    return null;
  }

  /** Size of one payload: at most max-payload-bytes. */
  public static String payloadProblem(EventBusSettings s, long bytes) {
    if (bytes > s.maxPayloadBytes()) {
      return "an event payload may hold at most "
          + s.maxPayloadBytes()
          + " bytes (bounded.event-bus.max-payload-bytes), but one had "
          + bytes;
    }
    return null;
  }

  /** Number of events in one publish: 1..max-events (a larger batch would evict itself). */
  public static String batchProblem(EventBusSettings s, int count) {
    if (count < 1) {
      return "a publish must hold at least one event";
    }
    if (count > s.maxEvents()) {
      return "a publish may hold at most "
          + s.maxEvents()
          + " events (bounded.event-bus.max-events), but held "
          + count;
    }
    return null;
  }

  /** Every rule of a publish. */
  public static String publishProblem(EventBusSettings s, String topic, List<ByteString> payloads) {
    String problem = topicProblem(s, topic);
    if (problem == null) {
      problem = batchProblem(s, payloads.size());
    }
    for (int i = 0; problem == null && i < payloads.size(); i++) {
      problem = payloadProblem(s, payloads.get(i).size());
    }
    return problem;
  }

  /** A page limit: 1..max-page. */
  public static String limitProblem(EventBusSettings s, long limit) {
    if (limit < 1 || limit > s.maxPage()) {
      return "limit must be between 1 and "
          + s.maxPage()
          + " (bounded.event-bus.max-page), but was "
          + limit;
    }
    return null;
  }

  /** An offset: >= 0. */
  public static String offsetProblem(long offset) {
    return offset < 0 ? "offset must be >= 0, but was " + offset : null;
  }

  private static String describe(char c) {
    return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }
}
