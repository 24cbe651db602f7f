package io.sopflow.closure;

/** A project closure was recorded and its process must start (in the same transaction). */
public record ClosureRequested(Long closureId, String key, String projectManager, String sponsor,
    String clientContact) {}
