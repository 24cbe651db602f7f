package io.sopflow.incident;

/** Impact and urgency of an incident, as the reporter judges them. */
public enum Level {
  HIGH, MEDIUM, LOW
}
