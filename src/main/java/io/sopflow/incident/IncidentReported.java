package io.sopflow.incident;

import java.time.Instant;

/**
 * Published when an incident was stored; the process starter begins its process in the same transaction. It carries
 * what the process needs to run, nothing to display: the references (id, number, the reporter who confirms), the
 * decisions of its gateways and routing (major incident, review required, assignment group, escalation level), the
 * priority of its tasks in Tasklist (from the incident's priority) and the
 * SLA dates its timers and due dates read. Titles, descriptions and the like stay in the record; the tasks show them
 * from there.
 */
public record IncidentReported(Long id, String number, String reporter, String assignmentGroup, int escalationLevel,
    boolean majorIncident, boolean reviewRequired, int taskPriority, Instant responseWarningAt, Instant responseDueAt,
    Instant resolutionWarningAt, Instant resolutionDueAt) {}
