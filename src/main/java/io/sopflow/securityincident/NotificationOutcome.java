package io.sopflow.securityincident;

/**
 * How the data protection officers settle the supervisory authority's notification (GDPR Art. 33): notified, or
 * assessed as unlikely to result in a risk to people (Art. 33(1)), which needs no notification but its reason on
 * record (Art. 33(5)).
 */
public enum NotificationOutcome {
  NOTIFIED,
  NOT_NOTIFIABLE
}
