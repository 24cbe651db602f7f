package io.sopflow.platform.process;

import java.util.Collection;

/**
 * Which version of a process may start instances. An SOP's new version is deployed before it is approved, so "the
 * latest version" is not the one to start: every start (the API and starters through {@link ProcessStarts}, Tasklist's
 * start list, anything else through the engine's start guard) asks here. Implemented by SOP governance
 * ({@code io.sopflow.sop}); a process it does not govern starts its latest version.
 */
public interface VersionsInForce {

  /** The definition id to start for a process key: the version in force, or the latest if the key is not governed. */
  String definitionToStart(String processKey);

  /** Whether an instance of this definition may start: it is the version in force, or its key is not governed. */
  boolean mayStart(String processKey, String processDefinitionId);

  /** The definitions Tasklist offers to start: one per key, the version in force (the latest where not governed). */
  Collection<String> definitionsToOffer();
}
