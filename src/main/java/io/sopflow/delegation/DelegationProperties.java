package io.sopflow.delegation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sopflow.delegation.start-tolerance} (default PT5M): how far in the past a window may start (a form filled in
 * a minute ago is not refused); {@code sopflow.delegation.window-tick} (default PT1M): how often each node looks for
 * windows that start or end; {@code sopflow.delegation.max-length} (default P366D): the longest window.
 */
@ConfigurationProperties("sopflow.delegation")
public record DelegationProperties(Duration startTolerance, Duration windowTick, Duration maxLength) {

  public DelegationProperties {
    startTolerance = startTolerance == null ? Duration.ofMinutes(5) : startTolerance;
    windowTick = windowTick == null ? Duration.ofMinutes(1) : windowTick;
    maxLength = maxLength == null ? Duration.ofDays(366) : maxLength;
    if (startTolerance.isNegative() || windowTick.isNegative() || windowTick.isZero() || maxLength.isNegative()
        || maxLength.isZero()) {
      throw new IllegalArgumentException("sopflow.delegation.*: durations must be positive");
    }
  }
}
