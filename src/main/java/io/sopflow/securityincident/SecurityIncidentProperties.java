package io.sopflow.securityincident;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the security incident SOP.
 *
 * <pre>
 * sopflow.security.regulator-notification-deadline=PT72H   # GDPR Art. 33, counted around the clock from detection
 * sopflow.security.critical-assets=vpn-gw-1,payroll-db      # assets that make an incident critical (SecuritySeverity)
 * </pre>
 */
@ConfigurationProperties("sopflow.security")
public record SecurityIncidentProperties(Duration regulatorNotificationDeadline, List<String> criticalAssets) {

  static final Duration DEFAULT_DEADLINE = Duration.ofHours(72);

  public SecurityIncidentProperties {
    regulatorNotificationDeadline = regulatorNotificationDeadline == null ? DEFAULT_DEADLINE
        : regulatorNotificationDeadline;
    if (regulatorNotificationDeadline.isNegative() || regulatorNotificationDeadline.isZero()) {
      throw new IllegalArgumentException("sopflow.security.regulator-notification-deadline must be positive");
    }
    criticalAssets = criticalAssets == null ? List.of() : List.copyOf(criticalAssets);
  }

  Set<String> criticalAssetSet() {
    return Set.copyOf(criticalAssets);
  }
}
