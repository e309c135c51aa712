package io.bounded.actors.database;

import io.bounded.protocols.database.DatabaseProtocol.Statement;
import io.bounded.protocols.database.DatabaseProtocol.WriteReply;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A write waiting in the batching stream.
 *
 * @param submitter whose order it keeps: the path of its reply address, or one shared key for
 *     fire-and-forget writes. The path rather than the reference: every reference of an ask's
 *     temporary actor has hash code 0, which would put all such writes in one lane and turn the
 *     plan's hash maps into lists; equal references have equal paths, so the order is still kept.
 * @param replyTo where to answer, or {@code null}
 */
record PendingWrite(Statement statement, Object submitter, ActorRef<WriteReply> replyTo) {
  /** The submitter of every fire-and-forget write. */
  static final Object ANONYMOUS = new Object();

  static PendingWrite of(Statement statement, ActorRef<WriteReply> replyTo) {
    return new PendingWrite(
        statement, replyTo == null ? ANONYMOUS : new Submitter(replyTo.path()), replyTo);
  }

  /**
   * A reply address's path with its hash code computed once: an {@link ActorPath} computes its own
   * on every call, and the stream's lane choice and the plan ask for it.
   */
  static final class Submitter {
    private final ActorPath path;
    private final int hash;

    Submitter(ActorPath path) {
      this.path = path;
      this.hash = path.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Submitter other && (other == this || other.path.equals(path));
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  String sql() {
    return statement.sql();
  }
}
