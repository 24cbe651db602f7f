package io.sopflow.incident;

/** What an entry of an incident's work log records. */
public enum WorkLogKind {
  /** A comment through {@code POST /api/incidents/{number}/comments}. */
  COMMENT,
  TRIAGE_NOTE,
  RESOLUTION_NOTE,
  /** A question to the reporter (the resolution clock stops). */
  QUESTION,
  /** The reporter's answer (the resolution clock restarts). */
  ANSWER
}
