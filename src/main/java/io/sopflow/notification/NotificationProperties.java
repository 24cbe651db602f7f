package io.sopflow.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the outbox is dispatched ({@code sopflow.notification.*}). Defaults work out of the box; every value is checked
 * at start-up.
 *
 * @param dispatchInterval pause between two dispatcher runs on a node (default 1 s)
 * @param batchSize rows one claim takes and mails over one SMTP connection (default 20)
 * @param lease how long a claim keeps other nodes off its rows; a node killed after claiming delays them by at most
 *     this (default 1 min). A batch stops sending when half of it is used, so a slow server never lets a lease expire
 *     under a live sender
 * @param initialBackoff wait after the first failed attempt; doubled after each further failure (default 5 s)
 * @param maxBackoff cap of that wait (default 1 min)
 * @param maxAttempts attempts before a notification is marked FAILED (default 1440, about a day at the cap)
 * @param nodeId this node's name in {@code claimed_by} (default: host name and process id)
 */
@Validated
@ConfigurationProperties("sopflow.notification")
public record NotificationProperties(Duration dispatchInterval, Integer batchSize, Duration lease,
    Duration initialBackoff, Duration maxBackoff, Integer maxAttempts, String nodeId) {

  public NotificationProperties {
    dispatchInterval = positive("dispatch-interval", dispatchInterval, Duration.ofSeconds(1));
    batchSize = batchSize == null ? 20 : atLeastOne("batch-size", batchSize);
    lease = positive("lease", lease, Duration.ofMinutes(1));
    initialBackoff = positive("initial-backoff", initialBackoff, Duration.ofSeconds(5));
    maxBackoff = positive("max-backoff", maxBackoff, Duration.ofMinutes(1));
    maxAttempts = maxAttempts == null ? 1440 : atLeastOne("max-attempts", maxAttempts);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("sopflow.notification.max-backoff must not be shorter than initial-backoff");
    }
    nodeId = nodeId == null || nodeId.isBlank() ? defaultNodeId() : nodeId.strip();
    if (nodeId.length() > 60) {
      throw new IllegalArgumentException("sopflow.notification.node-id must have at most 60 characters");
    }
  }

  /** Defaults only. */
  public static NotificationProperties defaults() {
    return new NotificationProperties(null, null, null, null, null, null, null);
  }

  /** Wait before the attempt that follows {@code failedAttempts} failures: initial x 2^(n-1), capped. */
  public Duration backoffAfter(int failedAttempts) {
    if (failedAttempts <= 1) {
      return initialBackoff;
    }
    int doublings = Math.min(failedAttempts - 1, 30);
    Duration delay = initialBackoff.multipliedBy(1L << doublings);
    return delay.compareTo(maxBackoff) > 0 || delay.isNegative() ? maxBackoff : delay;
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("sopflow.notification." + name + " must be positive");
    }
    return value;
  }

  private static int atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("sopflow.notification." + name + " must be at least 1");
    }
    return value;
  }

  private static String defaultNodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "node";
    }
    String id = host + "-" + ProcessHandle.current().pid();
    return id.length() > 60 ? id.substring(id.length() - 60) : id;
  }
}
