package io.bounded.actors.iptracker;

import io.bounded.config.IpTrackerSettings;

/**
 * fail2ban's rules on one address: {@code max-failures} failures within {@code find-window} ban it;
 * the n-th ban lasts {@code ban-duration × escalation-factor^(n-1)}, at most {@code
 * max-ban-duration} (fail2ban's {@code bantime.increment} with a multiplier).
 */
final class BanPolicy {
  private final IpTrackerSettings.Ban ban;

  BanPolicy(IpTrackerSettings.Ban ban) {
    this.ban = ban;
  }

  /**
   * How long the {@code offence}-th ban lasts, in milliseconds.
   *
   * @param offence 1 for the first ban
   */
  long banMillis(int offence) {
    double millis =
        ban.banDuration().toMillis() * Math.pow(ban.escalationFactor(), Math.max(0, offence - 1));
    long max = ban.maxBanDuration().toMillis();
    return millis >= max ? max : (long) millis;
  }

  int maxFailures() {
    return ban.maxFailures();
  }

  long findWindowMillis() {
    return ban.findWindow().toMillis();
  }

  long maxBanMillis() {
    return ban.maxBanDuration().toMillis();
  }
}
