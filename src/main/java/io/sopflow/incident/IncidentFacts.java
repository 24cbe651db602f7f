package io.sopflow.incident;

import java.time.Instant;

/** What another SOP (problem management) needs to know of an incident: references and decisions, no display text. */
public record IncidentFacts(String number, String configurationItem, Priority priority, IncidentStatus status,
    Instant reportedAt) {}
