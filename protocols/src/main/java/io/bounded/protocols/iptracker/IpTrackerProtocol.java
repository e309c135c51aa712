package io.bounded.protocols.iptracker;

import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.Rejectable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of the IP tracker ({@code bounded.ip-tracker.*}): a token bucket and a failure count per
 * client address, bans that escalate on repeat offences, allow and deny lists.
 *
 * <p>Contract: the tracker holds at most {@code max-addresses} addresses (the least recently seen
 * is evicted). Addresses are IPv4 or IPv6 literals; anything else (a host name, a malformed
 * literal) is answered {@link Rejected} and changes nothing. A request that finds the inbox full is
 * answered {@link Rejected} by the runtime.
 */
public interface IpTrackerProtocol {

  /** Every message the tracker accepts. */
  sealed interface Command {}

  /** The actor's own messages (timer ticks); implemented only by the tracker actor. */
  non-sealed interface Internal extends Command {}

  /** Every reply the tracker sends. */
  sealed interface Reply {}

  /**
   * Answer to {@link Check}: {@link Allowed}, {@link Limited}, {@link Banned} or {@link Rejected}.
   */
  sealed interface CheckReply extends Reply {}

  /** Answer to {@link RecordFailure}: {@link FailureRecorded} or {@link Rejected}. */
  sealed interface RecordFailureReply extends Reply {}

  /** Answer to {@link Inspect}: {@link AddressState} or {@link Rejected}. */
  sealed interface InspectReply extends Reply {}

  /** Answer to {@link Ban}: {@link BanSet} or {@link Rejected}. */
  sealed interface BanReply extends Reply {}

  /** Answer to {@link Unban}: {@link Unbanned} or {@link Rejected}. */
  sealed interface UnbanReply extends Reply {}

  // ---- requests

  /**
   * One request from a client: resolves the client's address, then answers whether it may pass and
   * takes one token from its bucket. {@code X-Forwarded-For} is believed only when {@code peer} is
   * in {@code bounded.ip-tracker.trusted-proxies}; then the rightmost address not itself a trusted
   * proxy is the client.
   *
   * @param peer the socket's remote address (a literal)
   * @param forwardedFor the {@code X-Forwarded-For} header, or {@code null}
   */
  record Check(String peer, String forwardedFor, ActorRef<CheckReply> replyTo)
      implements Command, Rejectable {
    public Check {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * One failure of an address (a 4xx/5xx answer, or reported by the application). {@code
   * ban.max-failures} within {@code ban.find-window} ban it.
   *
   * @param replyTo where to answer, or {@code null} for fire and forget
   */
  record RecordFailure(String address, ActorRef<RecordFailureReply> replyTo)
      implements Command, Rejectable {
    public RecordFailure {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public void reject(String reason) {
      if (replyTo != null) {
        replyTo.tell(new Rejected(reason));
      }
    }
  }

  /** Reads what the tracker knows of an address, without counting a request. */
  record Inspect(String address, ActorRef<InspectReply> replyTo) implements Command, Rejectable {
    public Inspect {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Bans an address for {@code duration} (> 0, at most {@code ban.max-ban-duration}), replacing a
   * ban in force. Counts as an offence for escalation.
   */
  record Ban(String address, Duration duration, ActorRef<BanReply> replyTo)
      implements Command, Rejectable {
    public Ban {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /** Lifts a ban and forgets the address's failures (its offence count stays, for escalation). */
  record Unban(String address, ActorRef<UnbanReply> replyTo) implements Command, Rejectable {
    public Unban {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    @Override
    public void reject(String reason) {
      replyTo.tell(new Rejected(reason));
    }
  }

  /**
   * Asks for the tracker's {@link ComponentStats} (name {@code ip-tracker}; size = addresses;
   * gauges {@code banned}, {@code buckets}).
   */
  record GetStats(ActorRef<ComponentStats> replyTo) implements Command {
    public GetStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  // ---- replies

  /**
   * The client may pass.
   *
   * @param client the resolved client address, in canonical form
   * @param tokensLeft tokens left in its bucket (whole tokens)
   */
  record Allowed(String client, long tokensLeft) implements CheckReply {}

  /** The client is over its rate: 429 with {@code Retry-After}. */
  record Limited(String client, Duration retryAfter) implements CheckReply {}

  /**
   * The client is banned or on the deny list: 403.
   *
   * @param retryAfter how long the ban lasts, or {@code null} for the deny list
   */
  record Banned(String client, Duration retryAfter, String reason) implements CheckReply {}

  /** The failure is counted. */
  record FailureRecorded(String address, int failuresInWindow, boolean banned)
      implements RecordFailureReply {}

  /**
   * What the tracker knows of an address.
   *
   * @param list {@code allow}, {@code deny} or {@code none}
   * @param tracked whether the address has a record (allow- and deny-listed ones never do)
   * @param requests requests counted since the record was made
   * @param failuresInWindow failures within {@code ban.find-window}
   * @param tokens whole tokens in its bucket now
   * @param burst the bucket's size
   * @param bannedUntil end of the ban in force, or {@code null}
   * @param offences bans so far (each escalates the next)
   * @param lastSeen last request or failure, or {@code null}
   */
  record AddressState(
      String address,
      String list,
      boolean tracked,
      long requests,
      int failuresInWindow,
      long tokens,
      int burst,
      Instant bannedUntil,
      int offences,
      Instant lastSeen)
      implements InspectReply {
    /** True while a ban is in force. */
    public boolean banned() {
      return bannedUntil != null;
    }
  }

  /** The ban is in force until {@code until}. */
  record BanSet(String address, Instant until) implements BanReply {}

  /** Answer to {@link Unban}; {@code wasBanned} is false when no ban was in force. */
  record Unbanned(String address, boolean wasBanned) implements UnbanReply {}

  /**
   * The request was refused and changed nothing.
   *
   * @param reason why, naming the field or bound
   */
  record Rejected(String reason)
      implements CheckReply, RecordFailureReply, InspectReply, BanReply, UnbanReply {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
