package io.bounded.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the IP tracker, from {@code bounded.ip-tracker}. The tracker keeps per-address
 * counters, token buckets and bans for at most {@code maxAddresses} addresses (past it the
 * least-recently-seen is evicted); an address idle for {@code window} is forgotten.
 *
 * @param maxAddresses most addresses tracked ({@code bounded.ip-tracker.max-addresses})
 * @param window an address idle this long is forgotten ({@code bounded.ip-tracker.window})
 * @param cleanupInterval how often idle addresses are removed ({@code
 *     bounded.ip-tracker.cleanup-interval})
 * @param rate the token bucket of each address ({@code bounded.ip-tracker.rate})
 * @param ban when and for how long an address is banned ({@code bounded.ip-tracker.ban})
 * @param allow blocks always let through ({@code bounded.ip-tracker.allow})
 * @param deny blocks always refused ({@code bounded.ip-tracker.deny})
 * @param trustedProxies blocks whose X-Forwarded-For is believed ({@code
 *     bounded.ip-tracker.trusted-proxies})
 * @param mailboxCapacity the actor's bounded inbox ({@code bounded.ip-tracker.mailbox-capacity})
 */
public record IpTrackerSettings(
    int maxAddresses,
    Duration window,
    Duration cleanupInterval,
    Rate rate,
    Ban ban,
    List<Cidr> allow,
    List<Cidr> deny,
    List<Cidr> trustedProxies,
    int mailboxCapacity) {

  /** The config section. */
  public static final String PATH = "bounded.ip-tracker";

  /**
   * @throws InvalidSettingsException naming every broken rule
   */
  public IpTrackerSettings {
    Problems p = check(maxAddresses, window, cleanupInterval, mailboxCapacity);
    p.require(rate != null, "rate", "set", "null");
    p.require(ban != null, "ban", "set", "null");
    checkBlocks(p, "allow", allow);
    checkBlocks(p, "deny", deny);
    checkBlocks(p, "trusted-proxies", trustedProxies);
    p.throwIfAny();
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * The token bucket of each address, from {@code bounded.ip-tracker.rate}.
   *
   * @param perSecond tokens added per second, > 0 ({@code bounded.ip-tracker.rate.per-second})
   * @param burst bucket size, >= 1 ({@code bounded.ip-tracker.rate.burst})
   */
  public record Rate(double perSecond, int burst) {

    /** The config section. */
    public static final String PATH = IpTrackerSettings.PATH + ".rate";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public Rate {
      Problems p = new Problems(PATH);
      p.positive("per-second", perSecond);
      p.require(burst >= 1, "burst", ">= 1", burst);
      p.throwIfAny();
    }
  }

  /**
   * Bans, from {@code bounded.ip-tracker.ban}: {@code maxFailures} failures within {@code
   * findWindow} ban an address for {@code banDuration}; each repeat offence multiplies the ban by
   * {@code escalationFactor}, up to {@code maxBanDuration}.
   *
   * @param maxFailures failures that ban an address, >= 1 ({@code
   *     bounded.ip-tracker.ban.max-failures})
   * @param findWindow the window failures are counted in ({@code
   *     bounded.ip-tracker.ban.find-window})
   * @param banDuration the first ban ({@code bounded.ip-tracker.ban.ban-duration})
   * @param escalationFactor growth of a repeat ban, >= 1 ({@code
   *     bounded.ip-tracker.ban.escalation-factor})
   * @param maxBanDuration longest ban, >= {@code banDuration} ({@code
   *     bounded.ip-tracker.ban.max-ban-duration})
   */
  public record Ban(
      int maxFailures,
      Duration findWindow,
      Duration banDuration,
      double escalationFactor,
      Duration maxBanDuration) {

    /** The config section. */
    public static final String PATH = IpTrackerSettings.PATH + ".ban";

    /**
     * @throws InvalidSettingsException naming every broken rule
     */
    public Ban {
      Problems p = new Problems(PATH);
      p.require(maxFailures >= 1, "max-failures", ">= 1", maxFailures);
      p.positive("find-window", findWindow);
      p.positive("ban-duration", banDuration);
      p.atLeast("escalation-factor", escalationFactor, 1);
      p.positive("max-ban-duration", maxBanDuration);
      p.atLeast("max-ban-duration", maxBanDuration, banDuration, "ban-duration");
      p.throwIfAny();
    }
  }

  /**
   * Reads and validates {@code bounded.ip-tracker}. Every entry of {@code allow}, {@code deny} and
   * {@code trusted-proxies} must be an address literal or CIDR block; host names are refused, never
   * looked up.
   *
   * @param root the whole configuration, with reference.conf as fallback
   * @throws InvalidSettingsException naming every problem
   */
  public static IpTrackerSettings fromConfig(Config root) {
    SettingsReader r = SettingsReader.of(root, PATH);
    Integer maxAddresses = r.integer("max-addresses");
    Duration window = r.duration("window");
    Duration cleanupInterval = r.duration("cleanup-interval");
    Double perSecond = r.decimal("rate.per-second");
    Integer burst = r.integer("rate.burst");
    Integer maxFailures = r.integer("ban.max-failures");
    Duration findWindow = r.duration("ban.find-window");
    Duration banDuration = r.duration("ban.ban-duration");
    Double escalationFactor = r.decimal("ban.escalation-factor");
    Duration maxBanDuration = r.duration("ban.max-ban-duration");
    List<String> allowText = r.stringList("allow");
    List<String> denyText = r.stringList("deny");
    List<String> trustedText = r.stringList("trusted-proxies");
    Integer mailboxCapacity = r.integer("mailbox-capacity");
    r.problems().throwIfAny();

    Problems p = check(maxAddresses, window, cleanupInterval, mailboxCapacity);
    Rate rate = p.collect(() -> new Rate(perSecond, burst));
    Ban ban =
        p.collect(
            () -> new Ban(maxFailures, findWindow, banDuration, escalationFactor, maxBanDuration));
    List<Cidr> allow = parseBlocks(p, "allow", allowText);
    List<Cidr> deny = parseBlocks(p, "deny", denyText);
    List<Cidr> trustedProxies = parseBlocks(p, "trusted-proxies", trustedText);
    p.throwIfAny();
    return new IpTrackerSettings(
        maxAddresses,
        window,
        cleanupInterval,
        rate,
        ban,
        allow,
        deny,
        trustedProxies,
        mailboxCapacity);
  }

  /** The rules on this record's own scalar fields; the nested records check themselves. */
  private static Problems check(
      int maxAddresses, Duration window, Duration cleanupInterval, int mailboxCapacity) {
    Problems p = new Problems(PATH);
    p.between("max-addresses", maxAddresses, 1, 100_000_000);
    p.positive("window", window);
    p.positive("cleanup-interval", cleanupInterval);
    p.between("mailbox-capacity", mailboxCapacity, 1, 10_000_000);
    return p;
  }

  private static void checkBlocks(Problems p, String key, List<Cidr> blocks) {
    p.require(
        blocks != null && blocks.stream().noneMatch(Objects::isNull),
        key,
        "a list of CIDR blocks without nulls",
        "null");
  }

  private static List<Cidr> parseBlocks(Problems p, String key, List<String> texts) {
    List<Cidr> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(Cidr.parse(texts.get(i)));
      } catch (IllegalArgumentException e) {
        p.require(false, key + "[" + i + "]", e.getMessage(), Problems.quote(texts.get(i)));
      }
    }
    return out;
  }
}
