package io.bounded.protocols.memoizer;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of a memoizer: one actor per memoized function, holding at most {@code
 * bounded.memoizer.max-entries} results ({@code bounded.memoizer.*}).
 *
 * <p>Contract: {@link Get} answers {@link Value} from a live result, or starts the function for the
 * key (one computation per key however many callers ask: single flight) and answers every waiting
 * caller when it ends. At most {@code max-in-flight} computations run at once and at most {@code
 * max-waiters} callers wait for them; past either bound a call is {@link Rejected}, never queued. A
 * computation that fails answers {@link Failed} and is not remembered (unless {@code negative-ttl}
 * is set); one running past {@code compute-timeout} answers {@link Failed} and frees its slot. Keys
 * are compared with {@code equals}/{@code hashCode} and must be immutable.
 */
public interface MemoizerProtocol {

  /** Every message a memoizer accepts. */
  sealed interface Command {}

  /** The actor's own messages (results, timeouts, ticks); implemented only by the memoizer. */
  non-sealed interface Internal extends Command {}

  /** Every reply a memoizer sends. */
  sealed interface Reply {}

  /** Answer to {@link Get}: {@link Value}, {@link Failed} or {@link Rejected}. */
  sealed interface GetReply extends Reply {}

  /** Answer to {@link Invalidate}: {@link Invalidated} or {@link Rejected}. */
  sealed interface InvalidateReply extends Reply {}

  /** The memoized value of {@code key}, computing it first if no live result is held. */
  record Get(Object key, ActorRef<GetReply> replyTo) implements Command, Rejectable {
    public Get {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Forgets the result of one key, or of every key when {@code key} is null. A computation in
   * flight is not cancelled; its result is still delivered to its callers and stored. Replies
   * {@link Invalidated}.
   *
   * @param replyTo where to answer, or {@code null}
   */
  record Invalidate(Object key, ActorRef<InvalidateReply> replyTo) implements Command, Rejectable {
    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /**
   * Asks for the memoizer's {@link ComponentStats} (name {@code memoizer-<name>}; hits are reads
   * answered from a live result, misses are computations started; gauges {@code in-flight}, {@code
   * waiters}, {@code max-in-flight}, {@code max-waiters}, {@code failures}, {@code timeouts}).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * Stops the memoizer: callers still waiting are answered {@link Rejected}. Sent by {@code
   * Memoized.close()}.
   */
  enum Stop implements Command {
    INSTANCE
  }

  /**
   * The value for {@code key}.
   *
   * @param value what the function returned (may be null if the function returned null)
   */
  record Value(Object key, Object value) implements GetReply {}

  /**
   * The computation failed or timed out; nothing was remembered (unless {@code negative-ttl}).
   *
   * @param cause what the function threw or completed with, or a {@link
   *     java.util.concurrent.TimeoutException} naming {@code compute-timeout}
   */
  record Failed(Object key, Throwable cause) implements GetReply {
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Answer to {@link Invalidate}.
   *
   * @param count results removed
   */
  record Invalidated(int count) implements InvalidateReply {}

  /**
   * The call was refused and changed nothing.
   *
   * @param reason why, naming the bound
   */
  record Rejected(String reason) implements GetReply, InvalidateReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
