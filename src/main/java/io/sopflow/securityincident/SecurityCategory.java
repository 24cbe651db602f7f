package io.sopflow.securityincident;

/** What kind of security incident (DESIGN.md): the first input of the {@code SecuritySeverity} table. */
public enum SecurityCategory {
  MALWARE, UNAUTHORIZED_ACCESS, DATA_BREACH, PHISHING, DENIAL_OF_SERVICE, OTHER
}
