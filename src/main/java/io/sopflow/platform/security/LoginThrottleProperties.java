package io.sopflow.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sopflow.security.login-throttle.*}: how wrong passwords from one client for one account slow that client
 * down. After {@code free-attempts} failures each further failure blocks that client for that account for
 * {@code base-delay}, doubled with every failure up to {@code max-delay}; a success, or {@code forget-after} without
 * failures, starts afresh. At most {@code max-tracked} (client, account) pairs are remembered per node.
 */
@Validated
@ConfigurationProperties("sopflow.security.login-throttle")
public record LoginThrottleProperties(Boolean enabled, Integer freeAttempts, Duration baseDelay, Duration maxDelay,
    Duration forgetAfter, Integer maxTracked) {

  public LoginThrottleProperties {
    enabled = enabled == null ? Boolean.TRUE : enabled;
    freeAttempts = freeAttempts == null ? 5 : freeAttempts;
    baseDelay = baseDelay == null ? Duration.ofSeconds(1) : baseDelay;
    maxDelay = maxDelay == null ? Duration.ofSeconds(60) : maxDelay;
    forgetAfter = forgetAfter == null ? Duration.ofMinutes(15) : forgetAfter;
    maxTracked = maxTracked == null ? 10_000 : maxTracked;
    if (freeAttempts < 1 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0
        || forgetAfter.compareTo(maxDelay) < 0 || maxTracked < 1) {
      throw new IllegalArgumentException("sopflow.security.login-throttle: free-attempts >= 1, "
          + "0 <= base-delay <= max-delay <= forget-after and max-tracked >= 1 are required");
    }
  }
}
