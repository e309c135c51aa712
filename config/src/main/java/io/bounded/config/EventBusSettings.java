package io.bounded.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the event bus, from {@code bounded.event-bus}. The bus stores at most {@code
 * maxEvents} events over all topics (the oldest goes first, and none outlives {@code retention})
 * and serves at most {@code maxSubscriptions} live subscriptions (past it a subscribe is refused: a
 * live subscriber is never evicted).
 *
 * @param maxEvents most events stored over all topics ({@code bounded.event-bus.max-events})
 * @param maxSubscriptions most live subscriptions ({@code bounded.event-bus.max-subscriptions})
 * @param retention age after which stored events are dropped ({@code bounded.event-bus.retention})
 * @param cleanupInterval how often expired events and idle subscriptions are removed ({@code
 *     bounded.event-bus.cleanup-interval})
 * @param subscriptionIdleTimeout a subscription with no delivery for this long is removed ({@code
 *     bounded.event-bus.subscription-idle-timeout})
 * @param bufferSize per-subscription delivery buffer, in events ({@code
 *     bounded.event-bus.buffer-size})
 * @param maxBatch most events delivered to a subscriber in one batch ({@code
 *     bounded.event-bus.max-batch})
 * @param maxBatchDelay longest a partial batch waits before delivery ({@code
 *     bounded.event-bus.max-batch-delay})
 * @param maxTopicLength longest topic name, in characters ({@code
 *     bounded.event-bus.max-topic-length})
 * @param maxPayloadBytes largest payload of one event, in bytes ({@code
 *     bounded.event-bus.max-payload-bytes})
 * @param maxPage most events returned by one replay page ({@code bounded.event-bus.max-page})
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.event-bus.mailbox-capacity})
 * @param sseKeepAlive how often an idle Server-Sent Events stream writes a keep-alive comment
 *     ({@code bounded.event-bus.sse-keep-alive})
 */
public record EventBusSettings(
    int maxEvents,
    int maxSubscriptions,
    Duration retention,
    Duration cleanupInterval,
    Duration subscriptionIdleTimeout,
    int bufferSize,
    int maxBatch,
    Duration maxBatchDelay,
    int maxTopicLength,
    long maxPayloadBytes,
    int maxPage,
    int mailboxCapacity,
    Duration sseKeepAlive) {

  /** The config section. */
  public static final String PATH = "bounded.event-bus";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public EventBusSettings {
    Problems p = new Problems(PATH);
    p.between("max-events", maxEvents, 1, 100_000_000);
    p.between("max-subscriptions", maxSubscriptions, 1, 1_000_000);
    p.positive("retention", retention);
    p.positive("cleanup-interval", cleanupInterval);
    p.positive("subscription-idle-timeout", subscriptionIdleTimeout);
    p.between("buffer-size", bufferSize, 1, 1_000_000);
    p.between("max-batch", maxBatch, 1, 100_000);
    p.positive("max-batch-delay", maxBatchDelay);
    p.between("max-topic-length", maxTopicLength, 1, 1024);
    p.positive("max-payload-bytes", maxPayloadBytes);
    p.between("max-page", maxPage, 1, 100_000);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    p.positive("sse-keep-alive", sseKeepAlive);
    p.throwIfAny();
  }

  /**
   * Reads and validates {@code bounded.event-bus}.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem
   */
  public static EventBusSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    Integer maxEvents = r.integer("max-events");
    Integer maxSubscriptions = r.integer("max-subscriptions");
    Duration retention = r.duration("retention");
    Duration cleanupInterval = r.duration("cleanup-interval");
    Duration subscriptionIdleTimeout = r.duration("subscription-idle-timeout");
    Integer bufferSize = r.integer("buffer-size");
    Integer maxBatch = r.integer("max-batch");
    Duration maxBatchDelay = r.duration("max-batch-delay");
    Integer maxTopicLength = r.integer("max-topic-length");
    Long maxPayloadBytes = r.bytes("max-payload-bytes");
    Integer maxPage = r.integer("max-page");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    Duration sseKeepAlive = r.duration("sse-keep-alive");
    r.problems().throwIfAny();
    return new EventBusSettings(
        maxEvents,
        maxSubscriptions,
        retention,
        cleanupInterval,
        subscriptionIdleTimeout,
        bufferSize,
        maxBatch,
        maxBatchDelay,
        maxTopicLength,
        maxPayloadBytes,
        maxPage,
        mailboxCapacity,
        sseKeepAlive);
  }
}
