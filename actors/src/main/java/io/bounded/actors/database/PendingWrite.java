package io.bounded.actors.database;

import io.bounded.protocols.database.DatabaseProtocol.Statement;
import io.bounded.protocols.database.DatabaseProtocol.WriteReply;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A write waiting in the batching stream.
 *
 * @param submitter whose order it keeps: its reply address, or one shared key for fire-and-forget
 *     writes
 * @param replyTo where to answer, or {@code null}
 */
record PendingWrite(Statement statement, Object submitter, ActorRef<WriteReply> replyTo) {
  /** The submitter of every fire-and-forget write. */
  static final Object ANONYMOUS = new Object();

  static PendingWrite of(Statement statement, ActorRef<WriteReply> replyTo) {
    return new PendingWrite(statement, replyTo == null ? ANONYMOUS : replyTo, replyTo);
  }

  String sql() {
    return statement.sql();
  }
}
