package io.sopflow.closure;

import java.time.Instant;
import java.util.List;

/**
 * Port to the process history: what happened in a closure's process instance, in order. Implemented in
 * {@code closure.process} (the only place that knows the engine); the closure report shows it as the timeline.
 */
public interface ClosureTimeline {

  List<Entry> of(String processInstanceId);

  /** One step: its name, who did it ({@code system} for the engine), when it started and ended (null if running). */
  record Entry(String activity, String who, Instant started, Instant ended) {}
}
