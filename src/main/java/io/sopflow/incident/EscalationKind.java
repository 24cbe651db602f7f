package io.sopflow.incident;

/** Functional: to the next support tier. Hierarchical: up to the incident managers. */
public enum EscalationKind {
  FUNCTIONAL, HIERARCHICAL
}
