package io.sopflow.sop.review;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the periodic review needs to know about the SOPs' models, read from the deployed BPMN (implemented in
 * {@code process}, the only place that reads the engine).
 */
public interface SopModels {

  /** The group that owns an SOP when its model names none (process property {@code ownerGroup}). */
  String DEFAULT_OWNER_GROUP = "process-owners";

  /** The process keys deployed from {@code processes/} (every version source), sorted. */
  List<String> sopKeys();

  /** The latest deployed version of {@code processKey}; empty for a key never deployed. */
  Optional<SopModel> model(String processKey);

  /**
   * One SOP's model as deployed: its name, owner group (the default when the model has no {@code ownerGroup}
   * property), its own {@code reviewInterval} property as written (may be absent), and when it was deployed.
   */
  record SopModel(String processKey, String name, int version, String ownerGroup, String reviewInterval,
      Instant deployedAt) {}
}
