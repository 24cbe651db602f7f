package io.sopflow.securityincident;

/** NIST SP 800-61's phases as the record's life cycle; FALSE_POSITIVE and CLOSED are final. */
public enum SecurityIncidentStatus {
  REPORTED, CONTAINMENT, ERADICATION, RECOVERY, REVIEW, CLOSED, FALSE_POSITIVE
}
