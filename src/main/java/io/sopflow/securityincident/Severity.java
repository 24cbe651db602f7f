package io.sopflow.securityincident;

/** The severity of a security incident, from the {@code SecuritySeverity} table; it sets the containment SLA. */
public enum Severity {
  CRITICAL, HIGH, MEDIUM, LOW;

  /** The step SLA of containment at this severity: {@code sopflow.sla.security.containment-critical.*} ... */
  public String containmentStep() {
    return SecuritySlaProperties.CONTAINMENT_PREFIX + name().toLowerCase(java.util.Locale.ROOT);
  }
}
