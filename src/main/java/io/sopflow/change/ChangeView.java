package io.sopflow.change;

import java.time.Instant;

/** What other SOPs (release deployment) may know of a change. */
public record ChangeView(String number, ChangeStatus status, String implementer, String requester, String title,
    Instant plannedStart, Instant plannedEnd) {}
