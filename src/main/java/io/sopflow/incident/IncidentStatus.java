package io.sopflow.incident;

/** Where an incident stands. NEW lasts only until its process has started (same transaction). */
public enum IncidentStatus {
  NEW, IN_TRIAGE, IN_PROGRESS, AWAITING_REQUESTER, RESOLVED, CLOSED
}
