package io.sopflow.incident;

/** Incident priority, decided by the DMN table {@code IncidentPriority} from impact and urgency. */
public enum Priority {
  P1, P2, P3, P4;

  /** P1 opens the major-incident path (incident managers are told at once and coordinate). */
  public boolean isMajor() {
    return this == P1;
  }

  /** P1 and P2 end with a post-incident review by the incident managers. */
  public boolean needsReview() {
    return this == P1 || this == P2;
  }

  /** The priority of the incident's tasks in Tasklist (0-100, Camunda's default is 50): P1 first when sorted. */
  public int taskPriority() {
    return switch (this) {
      case P1 -> 100;
      case P2 -> 75;
      case P3 -> 50;
      case P4 -> 25;
    };
  }
}
