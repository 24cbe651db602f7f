package io.sopflow.sop;

import java.time.Instant;

/**
 * A version of an SOP model the engine has just deployed. {@code author} is the person who deployed it (Modeler's
 * Deploy through {@code /engine-rest}), or {@code system} for the models of {@code processes/} deployed at start-up.
 */
public record NewVersion(String processKey, int version, String processDefinitionId, String versionTag, String author,
    Instant deployedAt, boolean atStartup) {}
