package io.sopflow.sop;

import java.util.Map;
import java.util.Optional;

/**
 * What the engine knows about an SOP's deployed models, for the catalogue: name, documentation and owner group of a
 * version, and the instances still running on each version.
 */
public interface SopModels {

  /** The process property that names an SOP's owner group; absent means {@link #DEFAULT_OWNER_GROUP}. */
  String OWNER_GROUP_PROPERTY = "ownerGroup";

  String DEFAULT_OWNER_GROUP = "process-owners";

  record SopModel(String name, String documentation, String ownerGroup) {}

  Optional<SopModel> model(String processDefinitionId);

  /** Open (running) instances per version of the process; versions without any are left out. */
  Map<Integer, Long> openInstancesPerVersion(String processKey);
}
