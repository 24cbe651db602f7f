package io.sopflow.problem;

/** How a problem came to be: raised by a person, by a post-incident review, or proposed by recurring incidents. */
public enum ProblemOrigin {
  RAISED, INCIDENT_REVIEW, SECURITY_REVIEW, RECURRENCE
}
