package io.bounded.actors.database;

import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.database.DatabaseProtocol.Failed;
import io.bounded.protocols.database.DatabaseProtocol.WriteReply;
import io.bounded.protocols.database.DatabaseProtocol.Written;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one group of the batching stream: one JDBC batch per SQL text (in {@link WritePlan}
 * order), all in one transaction, on one pooled connection; each submitter is answered only after
 * the commit. When the batch fails because of a statement, it is rolled back and retried one write
 * at a time (each committed on its own), so a bad row fails only its own submitter. When it fails
 * because of the connection, every write of the group is answered with that reason: retrying
 * against a database that cannot be reached would only multiply the wait.
 *
 * <p>Runs on the database dispatcher and never throws. It does not send the answers itself: it
 * returns them ({@link Answers}), and the stream sends them once the writer's thread is free for
 * the next group. Sending one answer to an ask wakes a thread; 30 of them cost the writer about as
 * long as the commit.
 */
final class WriteBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBatcher.class);

  private final DatabaseSettings settings;
  private final JdbcPool pool;
  private final DatabaseMetrics metrics;

  WriteBatcher(DatabaseSettings settings, JdbcPool pool, DatabaseMetrics metrics) {
    this.settings = settings;
    this.pool = pool;
    this.metrics = metrics;
  }

  /** The answers of one group, in the order they were decided; sent by {@link #send}. */
  static final class Answers {
    private final List<PendingWrite> writes;
    private final List<WriteReply> replies;

    Answers(int size) {
      writes = new ArrayList<>(size);
      replies = new ArrayList<>(size);
    }

    void add(PendingWrite w, WriteReply reply) {
      writes.add(w);
      replies.add(reply);
    }

    int size() {
      return writes.size();
    }

    /** Tells every submitter that has a reply address its answer. */
    void send() {
      for (int i = 0; i < writes.size(); i++) {
        ActorRef<WriteReply> replyTo = writes.get(i).replyTo();
        if (replyTo != null) {
          replyTo.tell(replies.get(i));
        }
      }
    }
  }

  /** Writes {@code group} and answers every write of it, to be sent after the call. */
  Answers write(List<PendingWrite> group) {
    Answers answers = new Answers(group.size());
    write(group, answers);
    return answers;
  }

  private void write(List<PendingWrite> group, Answers answers) {
    List<WritePlan.Segment> plan;
    try {
      plan = WritePlan.plan(group);
    } catch (RuntimeException e) {
      LOG.error("cannot plan a batch of {} writes", group.size(), e);
      failAll(group, new Failed("unexpected failure: " + e, null), answers);
      return;
    }
    long start = System.nanoTime();
    Connection c;
    try {
      c = pool.connection();
    } catch (SQLException e) {
      failAll(group, JdbcErrors.failed(settings, pool, e), answers);
      return;
    }
    try (c) {
      int[][] counts = new int[plan.size()][];
      try {
        c.setAutoCommit(false);
        for (int i = 0; i < plan.size(); i++) {
          WritePlan.Segment segment = plan.get(i);
          try (PreparedStatement ps = JdbcWork.prepare(c, segment.sql(), settings)) {
            for (PendingWrite w : segment.writes()) {
              JdbcValues.bind(ps, w.statement());
              ps.addBatch();
            }
            counts[i] = ps.executeBatch();
          }
        }
        c.commit();
      } catch (SQLException e) {
        JdbcWork.rollback(c);
        // a broken connection or a batch past query-timeout: retrying each write would only
        // multiply the wait
        if (JdbcErrors.isConnectionFailure(e) || JdbcErrors.isTimeout(e)) {
          failAll(group, JdbcErrors.failed(settings, pool, e), answers);
          return;
        }
        LOG.debug("a batch of {} writes failed ({}); retrying one by one", group.size(), e);
        metrics.batchesRetried.increment();
        oneByOne(c, plan, answers);
        return;
      }
      metrics.batchCommitted(group.size(), System.nanoTime() - start);
      for (int i = 0; i < plan.size(); i++) {
        List<PendingWrite> writes = plan.get(i).writes();
        for (int j = 0; j < writes.size(); j++) {
          written(writes.get(j), j < counts[i].length ? counts[i][j] : -1, answers);
        }
      }
    } catch (SQLException e) {
      // closing the connection failed after every write was answered; HikariCP discards it
      LOG.debug("closing a batch connection failed: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.error("a batch of {} writes failed unexpectedly", group.size(), e);
      // anything answered before the failure was committed one by one; the rest is failed
      Set<PendingWrite> answered = Collections.newSetFromMap(new IdentityHashMap<>());
      answered.addAll(answers.writes);
      List<PendingWrite> rest = group.stream().filter(w -> !answered.contains(w)).toList();
      failAll(rest, new Failed("unexpected failure: " + e, null), answers);
    }
  }

  private void oneByOne(Connection c, List<WritePlan.Segment> plan, Answers answers) {
    Failed broken = null;
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      broken = JdbcErrors.failed(settings, pool, e);
    }
    for (WritePlan.Segment segment : plan) {
      for (PendingWrite w : segment.writes()) {
        if (broken != null) {
          failed(w, broken, answers);
          continue;
        }
        try (PreparedStatement ps = JdbcWork.prepare(c, segment.sql(), settings)) {
          JdbcValues.bind(ps, w.statement());
          written(w, ps.executeUpdate(), answers);
        } catch (SQLException e) {
          Failed f = JdbcErrors.failed(settings, pool, e);
          if (JdbcErrors.isConnectionFailure(e)) {
            broken = f;
          }
          failed(w, f, answers);
        }
      }
    }
  }

  private void written(PendingWrite w, int count, Answers answers) {
    metrics.writesWritten.increment();
    answers.add(w, new Written(count < 0 ? -1 : count));
  }

  private void failed(PendingWrite w, Failed f, Answers answers) {
    metrics.writesFailed.increment();
    answers.add(w, f);
    if (w.replyTo() == null) {
      LOG.warn("a fire-and-forget write failed: {}", f.reason());
    }
  }

  private void failAll(List<PendingWrite> group, Failed f, Answers answers) {
    if (group.isEmpty()) {
      return;
    }
    LOG.warn("a batch of {} writes failed: {}", group.size(), f.reason());
    metrics.writesFailed.add(group.size());
    for (PendingWrite w : group) {
      answers.add(w, f);
    }
  }
}
