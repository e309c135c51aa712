package io.bounded.protocols;

import java.time.Instant;
import java.util.Objects;

/**
 * One recent drop or eviction, kept in a component's bounded ledger so an operator can see what
 * left and why.
 *
 * @param at when it happened (the component's clock)
 * @param cause why it left
 * @param subject what left: a key, topic or message type, cut to at most 128 characters
 */
public record LedgerEntry(Instant at, DropCause cause, String subject) {
  /** Longest subject kept. */
  public static final int MAX_SUBJECT_LENGTH = 128;

  public LedgerEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(subject, "subject");
    if (subject.length() > MAX_SUBJECT_LENGTH) {
      subject = subject.substring(0, MAX_SUBJECT_LENGTH);
    }
  }
}
