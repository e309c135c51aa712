package io.bounded.protocols;

/**
 * Why an entry, message or event left a component before its consumer had it. Every drop and
 * eviction is counted under its cause in {@link ComponentStats#byCause()}.
 */
public enum DropCause {
  /** The entry bound was reached and the policy chose this entry. */
  SIZE("size"),
  /** The byte bound was reached and the policy chose this entry. */
  BYTES("bytes"),
  /** The entry outlived its time to live or retention. */
  EXPIRED("expired"),
  /** A caller removed it (remove, clear). */
  EXPLICIT("explicit"),
  /** The component's bounded inbox was full, so the message never reached it. */
  MAILBOX_OVERFLOW("mailbox-overflow"),
  /** An open span outlived {@code max-span-duration} and was ended by the cleanup tick. */
  ORPHANED("orphaned"),
  /** The export queue was full, so a finished span was not exported (it is still stored). */
  EXPORT_QUEUE_FULL("export-queue-full"),
  /** The exporter failed or timed out, so a batch of spans was not exported. */
  EXPORT_FAILED("export-failed"),
  /** A subscriber's delivery buffer was full, so its overflow policy dropped an event for it. */
  SLOW_SUBSCRIBER("slow-subscriber"),
  /** A subscription (or other holder) made no progress for its idle timeout and was removed. */
  IDLE("idle");

  private final String key;

  DropCause(String key) {
    this.key = key;
  }

  /** The name used in stats, JSON and metrics, e.g. {@code mailbox-overflow}. */
  public String key() {
    return key;
  }
}
