package io.sopflow.closure;

import java.util.Set;

/**
 * Port to the running process: the work a closure's client contact is given. Implemented in {@code closure.process}
 * (the only place that knows the engine); {@link ProjectClosureService#replaceClientContact} uses it to hand the work
 * to another client contact in the transaction that records them.
 */
public interface ClientContactTasks {

  /** Whether the closure's process instance still runs and takes changes (not ended, cancelled or suspended). */
  boolean running(String processInstanceId);

  /**
   * From now on {@code clientContact} accepts the deliverables: the acceptance tasks waiting now are theirs, as the
   * process would have assigned them, and so are those of later rounds. Idempotent: it also repairs work of the
   * contact the closure names already that was taken from them. Returns the people work was taken from (empty when
   * everything was theirs already).
   */
  Set<String> handOver(String processInstanceId, String clientContact);
}
