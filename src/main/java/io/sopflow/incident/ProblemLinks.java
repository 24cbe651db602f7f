package io.sopflow.incident;

import java.util.Optional;

/**
 * The problem an incident is linked to, as the incident SOP shows it: its number and, once the root cause is a known
 * error, the workaround (on {@code GET /api/incidents/{number}} and in the triage form). Implemented by the problem
 * SOP, which knows incidents; the incident SOP knows only this interface, so the packages have no cycle.
 */
public interface ProblemLinks {

  Optional<ProblemLink> problemOf(String incidentNumber);

  /** A linked problem: its number, status and workaround (null until it is a known error). */
  record ProblemLink(String problemNumber, String status, String workaround) {}
}
