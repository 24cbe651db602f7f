package io.sopflow.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * SOPFlow's answer to password guessing, for {@code /api}, {@code /engine-rest} and the webapps' login alike: wrong
 * passwords slow down the client that sends them, for the account they were sent for, and never lock the account.
 *
 * <p>Camunda's own brute-force protection is switched off ({@code login-max-attempts}, {@code login-delay-*} in
 * {@code application.yml}) because it is a denial of service: it counts failures per account whoever sends them, so
 * ten wrong passwords from anyone lock any account (the admin's included) until an administrator unlocks it, and one
 * wrong password makes the right one fail for seconds. Here a (client address, account) pair gets a few free
 * failures, then each failure blocks that pair for a delay that doubles up to a maximum and then ends; the same
 * account from any other client is not affected, and a success clears the pair.
 *
 * <p>The state is in memory, per node: a restart forgets it, and on N nodes behind a load balancer a client may try
 * up to N times as often. That is the price of not writing to the database on every wrong password; the delays still
 * make guessing impractically slow.
 */
@Component
public class LoginThrottle {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final LoginThrottleProperties properties;
  private final Clock clock;
  private final Map<Key, Failures> failures = new ConcurrentHashMap<>();

  public LoginThrottle(LoginThrottleProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  private record Key(String client, String account) {
    static Key of(String client, String account) {
      // One budget per account however its name is written: MySQL's id columns ignore trailing spaces ("pm " is pm).
      return new Key(client == null ? "" : client, account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }
  }

  /** Failures of one pair so far, and until when the pair is blocked. */
  private record Failures(int count, Instant last, Instant blockedUntil) {}

  /** How long this client must still wait before it may try this account again; zero if it may now. */
  public Duration retryAfter(String client, String account) {
    if (!properties.enabled()) {
      return Duration.ZERO;
    }
    Failures current = failures.get(Key.of(client, account));
    if (current == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), current.blockedUntil());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** A wrong password (or an unknown account) from this client. */
  public void failed(String client, String account) {
    if (!properties.enabled()) {
      return;
    }
    Instant now = clock.instant();
    Failures updated = failures.compute(Key.of(client, account), (key, previous) -> {
      int count = previous == null || forgotten(previous, now) ? 1 : previous.count() + 1;
      return new Failures(count, now, now.plus(delayAfter(count)));
    });
    if (updated.count() == properties.freeAttempts()) {
      log.warn("{} wrong passwords for account '{}' from {}: further attempts from there are slowed down",
          updated.count(), account, client);
    }
    if (failures.size() > properties.maxTracked()) {
      forgetOldest(now);
    }
  }

  /** The right password from this client: it starts afresh. */
  public void succeeded(String client, String account) {
    if (!failures.isEmpty()) {
      failures.remove(Key.of(client, account));
    }
  }

  /** How many (client, account) pairs are remembered now. */
  int tracked() {
    return failures.size();
  }

  /** The delay after the {@code count}-th failure in a row. */
  Duration delayAfter(int count) {
    int beyond = count - properties.freeAttempts();
    if (beyond < 0) {
      return Duration.ZERO;
    }
    Duration max = properties.maxDelay();
    Duration delay = properties.baseDelay();
    for (int i = 0; i < beyond && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }

  private boolean forgotten(Failures failures, Instant now) {
    return failures.last().plus(properties.forgetAfter()).isBefore(now);
  }

  /** Keeps memory bounded when many pairs fail (a spray of account names): expired pairs first, then the oldest. */
  private void forgetOldest(Instant now) {
    failures.entrySet().removeIf(entry -> forgotten(entry.getValue(), now));
    int excess = failures.size() - properties.maxTracked();
    if (excess > 0) {
      failures.entrySet().stream().sorted(Comparator.comparing(entry -> entry.getValue().last())).limit(excess)
          .map(Map.Entry::getKey).toList().forEach(failures::remove);
    }
  }
}
