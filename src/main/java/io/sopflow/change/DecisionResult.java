package io.sopflow.change;

/** What a recorded decision means for the process: whether the stage approved, and whether it is decided yet. */
public record DecisionResult(boolean approved, boolean decided) {}
