package io.bounded.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings of the database, from {@code bounded.database}: a HikariCP pool of at most {@code
 * maximumPoolSize} connections, queries returning at most {@code maxRows} rows, and at most {@code
 * maxPending} writes waiting to be batched. The rules on the pool's times are HikariCP's own
 * limits, checked here so that HikariCP never has to adjust a value silently.
 *
 * <p>The password is a secret: it appears in no problem and {@link #toString()} masks it, as it
 * masks a password written inside the URL.
 *
 * @param url JDBC URL, starting with {@code jdbc:} ({@code bounded.database.url})
 * @param user database user ({@code bounded.database.user})
 * @param password database password, may be empty ({@code bounded.database.password})
 * @param maximumPoolSize most connections ({@code bounded.database.maximum-pool-size})
 * @param minimumIdle idle connections kept, at most {@code maximumPoolSize} ({@code
 *     bounded.database.minimum-idle})
 * @param connectionTimeout longest wait for a connection ({@code
 *     bounded.database.connection-timeout})
 * @param idleTimeout an idle connection above {@code minimumIdle} is closed after this ({@code
 *     bounded.database.idle-timeout})
 * @param maxLifetime a connection is retired after this ({@code bounded.database.max-lifetime})
 * @param leakDetectionThreshold a connection held longer is logged as a possible leak ({@code
 *     bounded.database.leak-detection-threshold})
 * @param maxRows most rows one query may return ({@code bounded.database.max-rows})
 * @param queryTimeout longest one statement (or one JDBC batch) may run, whole seconds; zero: no
 *     limit ({@code bounded.database.query-timeout})
 * @param maxPending writes waiting to be batched; past it a write is rejected ({@code
 *     bounded.database.max-pending})
 * @param batchSize most statements per JDBC batch ({@code bounded.database.batch-size})
 * @param batchDelay how long a partial batch lingers for more writes ({@code
 *     bounded.database.batch-delay}); zero: it leaves as soon as a writer is free
 * @param writers batches written at the same time, each on its own connection ({@code
 *     bounded.database.writers}); at most {@code maximumPoolSize}
 * @param maxInFlight queries, updates and transactions waiting for or holding a connection; past it
 *     a request is rejected ({@code bounded.database.max-in-flight})
 * @param maxTransactionStatements most statements in one transaction ({@code
 *     bounded.database.max-transaction-statements})
 * @param dispatcherThreads threads of the dispatcher every JDBC call runs on ({@code
 *     bounded.database.dispatcher.thread-pool-executor.fixed-pool-size}); {@code audit} checks it
 *     equals {@code maximumPoolSize}
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.database.mailbox-capacity})
 */
public record DatabaseSettings(
    String url,
    String user,
    String password,
    int maximumPoolSize,
    int minimumIdle,
    Duration connectionTimeout,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration leakDetectionThreshold,
    int maxRows,
    Duration queryTimeout,
    int maxPending,
    int batchSize,
    Duration batchDelay,
    int writers,
    int maxInFlight,
    int maxTransactionStatements,
    int dispatcherThreads,
    int mailboxCapacity) {

  /** The config section. */
  public static final String PATH = "bounded.database";

  /** Config path of the dispatcher every JDBC call runs on. */
  public static final String DISPATCHER_PATH = PATH + ".dispatcher";

  private static final String MASK = "****";
  private static final Duration MIN_LIFETIME = Duration.ofSeconds(30);
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=)[^;&]*");
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/@:;?]*:)[^/@]*@");

  /**
   * @throws InvalidSettingsException naming every broken rule (never the password)
   */
  public DatabaseSettings {
    Problems p = new Problems(PATH);
    p.require(
        url != null && url.startsWith("jdbc:"),
        "url",
        "a JDBC URL starting with \"jdbc:\"",
        url == null ? "null" : Problems.quote(redact(url)));
    p.require(user != null, "user", "a string", "null");
    p.require(password != null, "password", "a string (may be empty)", "null");
    p.between("maximum-pool-size", maximumPoolSize, 1, 1000);
    p.require(minimumIdle >= 0, "minimum-idle", ">= 0", minimumIdle);
    p.require(
        minimumIdle <= maximumPoolSize || maximumPoolSize < 1 || maximumPoolSize > 1000,
        "minimum-idle",
        "<= maximum-pool-size (" + maximumPoolSize + ")",
        minimumIdle);
    p.atLeast("connection-timeout", connectionTimeout, Duration.ofMillis(250));
    p.atLeast("idle-timeout", idleTimeout, Duration.ofSeconds(10));
    p.atLeast("max-lifetime", maxLifetime, MIN_LIFETIME);
    // compared with max-lifetime only when that is valid itself, so that one mistake is one problem
    boolean lifetimeValid = maxLifetime != null && maxLifetime.compareTo(MIN_LIFETIME) >= 0;
    if (idleTimeout != null && lifetimeValid) {
      // HikariCP ignores an idle timeout this close to the lifetime
      p.require(
          idleTimeout.plusSeconds(1).compareTo(maxLifetime) <= 0,
          "idle-timeout",
          "at least 1s shorter than max-lifetime (" + Problems.render(maxLifetime) + ")",
          Problems.render(idleTimeout));
    }
    p.atLeast("leak-detection-threshold", leakDetectionThreshold, Duration.ofSeconds(2));
    if (lifetimeValid) {
      p.atMost("leak-detection-threshold", leakDetectionThreshold, maxLifetime, "max-lifetime");
    }
    p.between("max-rows", maxRows, 1, 10_000_000);
    p.nonNegative("query-timeout", queryTimeout);
    if (queryTimeout != null && !queryTimeout.isNegative()) {
      p.require(
          queryTimeout.toNanos() % 1_000_000_000L == 0
              && queryTimeout.compareTo(Duration.ofDays(1)) <= 0,
          "query-timeout",
          "0 (no limit) or whole seconds up to 1d (JDBC counts seconds)",
          Problems.render(queryTimeout));
    }
    p.between("max-pending", maxPending, 1, 10_000_000);
    p.between("batch-size", batchSize, 1, 100_000);
    p.nonNegative("batch-delay", batchDelay);
    p.require(writers >= 1, "writers", "> 0", writers);
    p.require(
        writers <= maximumPoolSize || maximumPoolSize < 1 || maximumPoolSize > 1000,
        "writers",
        "<= maximum-pool-size (" + maximumPoolSize + ")",
        writers);
    p.between("max-in-flight", maxInFlight, 1, 1_000_000);
    p.between("max-transaction-statements", maxTransactionStatements, 1, 100_000);
    p.between("dispatcher.thread-pool-executor.fixed-pool-size", dispatcherThreads, 1, 1000);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    p.throwIfAny();
  }

  /**
   * Reads and validates {@code bounded.database}.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem (never the password)
   */
  public static DatabaseSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    String url = r.secret("url");
    String user = r.string("user");
    String password = r.secret("password");
    Integer maximumPoolSize = r.integer("maximum-pool-size");
    Integer minimumIdle = r.integer("minimum-idle");
    Duration connectionTimeout = r.duration("connection-timeout");
    Duration idleTimeout = r.duration("idle-timeout");
    Duration maxLifetime = r.duration("max-lifetime");
    Duration leakDetectionThreshold = r.duration("leak-detection-threshold");
    Integer maxRows = r.integer("max-rows");
    Duration queryTimeout = r.duration("query-timeout");
    Integer maxPending = r.integer("max-pending");
    Integer batchSize = r.integer("batch-size");
    Duration batchDelay = r.duration("batch-delay");
    Integer writers = r.integer("writers");
    Integer maxInFlight = r.integer("max-in-flight");
    Integer maxTransactionStatements = r.integer("max-transaction-statements");
    // Pekko reads the dispatcher; its kind is checked here so that a fork-join or pinned dispatcher
    // (wrong for blocking JDBC calls) cannot slip in.
    String dispatcherType = r.string("dispatcher.type");
    String executor = r.string("dispatcher.executor");
    Integer dispatcherThreads = r.integer("dispatcher.thread-pool-executor.fixed-pool-size");
    Integer throughput = r.integer("dispatcher.throughput");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    Problems p = r.problems();
    if (dispatcherType != null) {
      p.require(
          dispatcherType.equals("Dispatcher"),
          "dispatcher.type",
          "\"Dispatcher\"",
          Problems.quote(dispatcherType));
    }
    if (executor != null) {
      p.require(
          executor.equals("thread-pool-executor"),
          "dispatcher.executor",
          "\"thread-pool-executor\" (JDBC calls block their thread)",
          Problems.quote(executor));
    }
    if (throughput != null) {
      p.between("dispatcher.throughput", throughput, 1, 10_000);
    }
    p.throwIfAny();
    return new DatabaseSettings(
        url,
        user,
        password,
        maximumPoolSize,
        minimumIdle,
        connectionTimeout,
        idleTimeout,
        maxLifetime,
        leakDetectionThreshold,
        maxRows,
        queryTimeout,
        maxPending,
        batchSize,
        batchDelay,
        writers,
        maxInFlight,
        maxTransactionStatements,
        dispatcherThreads,
        mailboxCapacity);
  }

  /** The URL with any password in it masked, for logs. */
  public String redactedUrl() {
    return url == null ? null : redact(url);
  }

  /** A copy with another JDBC URL (the node points the default at its data directory). */
  public DatabaseSettings withUrl(String value) {
    return new DatabaseSettings(
        value,
        user,
        password,
        maximumPoolSize,
        minimumIdle,
        connectionTimeout,
        idleTimeout,
        maxLifetime,
        leakDetectionThreshold,
        maxRows,
        queryTimeout,
        maxPending,
        batchSize,
        batchDelay,
        writers,
        maxInFlight,
        maxTransactionStatements,
        dispatcherThreads,
        mailboxCapacity);
  }

  /** Like the record's own, but the password is masked, here and inside the URL. */
  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + (url == null ? null : redact(url))
        + ", user="
        + user
        + ", password="
        + MASK
        + ", maximumPoolSize="
        + maximumPoolSize
        + ", minimumIdle="
        + minimumIdle
        + ", connectionTimeout="
        + connectionTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", maxLifetime="
        + maxLifetime
        + ", leakDetectionThreshold="
        + leakDetectionThreshold
        + ", maxRows="
        + maxRows
        + ", queryTimeout="
        + queryTimeout
        + ", maxPending="
        + maxPending
        + ", batchSize="
        + batchSize
        + ", batchDelay="
        + batchDelay
        + ", writers="
        + writers
        + ", maxInFlight="
        + maxInFlight
        + ", maxTransactionStatements="
        + maxTransactionStatements
        + ", dispatcherThreads="
        + dispatcherThreads
        + ", mailboxCapacity="
        + mailboxCapacity
        + "]";
  }

  /**
   * The URL with any password written in it masked: {@code password=...} parameters (also {@code
   * pwd}, {@code passwd}) and the secret of {@code //user:secret@host}.
   */
  static String redact(String url) {
    String masked = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
    return URL_USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
  }
}
