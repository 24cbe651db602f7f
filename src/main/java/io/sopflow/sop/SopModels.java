package io.sopflow.sop;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine knows about the SOPs' deployed models, the one place the catalogue and the periodic review read
 * them (implemented in {@code process}, the only place that reads the engine): which SOPs there are, the name,
 * documentation and process properties of a version, and the instances still running on each version.
 */
public interface SopModels {

  /** The process property that names an SOP's owner group; absent means {@link #DEFAULT_OWNER_GROUP}. */
  String OWNER_GROUP_PROPERTY = "ownerGroup";

  /** The process property that sets an SOP's own review interval (an ISO period); absent means the default. */
  String REVIEW_INTERVAL_PROPERTY = "reviewInterval";

  String DEFAULT_OWNER_GROUP = "process-owners";

  /**
   * One deployed version of an SOP's model: its name (the key when the model has none), documentation, owner group
   * (the default when the model names none), its own {@code reviewInterval} as written (may be null), and when it was
   * deployed.
   */
  record SopModel(String processKey, String name, int version, String documentation, String ownerGroup,
      String reviewInterval, Instant deployedAt) {}

  /** The process keys deployed from {@code processes/} (the start-up deployment), without the review's own, sorted. */
  List<String> sopKeys();

  /** The version deployed as {@code processDefinitionId}; empty for an unknown id. */
  Optional<SopModel> model(String processDefinitionId);

  /** The version in force of {@code processKey} (never a revision under review); empty for a key never deployed. */
  Optional<SopModel> inForce(String processKey);

  /** Open (running) instances per version of the process; versions without any are left out. */
  Map<Integer, Long> openInstancesPerVersion(String processKey);
}
