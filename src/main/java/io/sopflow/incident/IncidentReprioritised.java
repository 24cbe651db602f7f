package io.sopflow.incident;

/**
 * Published when the triage corrected an incident's impact or urgency and its priority changed (audited
 * {@code REPRIORITISED} by the incident SOP): a problem the incident belongs to runs on the SLA of its worst incident,
 * so the problem SOP raises it when the incident's priority is now higher than its own.
 */
public record IncidentReprioritised(String number, Priority before, Priority after, String by) {}
