package io.bounded.actors.database;

import io.bounded.protocols.database.DatabaseProtocol.Statement;
import io.bounded.protocols.database.DatabaseProtocol.WriteReply;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.PromiseActorRef;

/**
 * A write waiting in the batching stream.
 *
 * @param submitter whose order it keeps, see {@link #submitterOf}
 * @param replyTo where to answer, or {@code null}
 */
record PendingWrite(Statement statement, Object submitter, ActorRef<WriteReply> replyTo) {
  /** The submitter of every fire-and-forget write. */
  static final Object ANONYMOUS = new Object();

  static PendingWrite of(Statement statement, ActorRef<WriteReply> replyTo) {
    return new PendingWrite(statement, submitterOf(replyTo), replyTo);
  }

  /**
   * The key a write's order is kept by: one shared key for fire-and-forget writes; a fresh key for
   * an ask's temporary reply address (it takes one answer, so its writes have no order to keep, and
   * asking its path would register a temporary actor path for every write); else the reply
   * address's path. The path rather than the reference: references of temporary actors all hash to
   * 0, which would put all their writes in one lane and turn the plan's hash maps into lists; equal
   * references have equal paths, so the order is still kept.
   */
  static Object submitterOf(ActorRef<?> replyTo) {
    if (replyTo == null) {
      return ANONYMOUS;
    }
    if (Adapter.toClassic(replyTo) instanceof PromiseActorRef) {
      return new Object();
    }
    return new Submitter(replyTo.path());
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
