package io.sopflow.incident;

/** Which SLA target was breached. */
public enum SlaTarget {
  RESPONSE, RESOLUTION
}
