package io.sopflow.change;

import java.time.Instant;
import java.util.List;

/** Whether a change may start as planned: the freeze window it falls into (if any) and overlapping approved changes. */
public record ScheduleCheck(boolean inFreezeWindow, String freezeWindow, Instant plannedStart, Instant plannedEnd,
    List<String> conflicts) {}
