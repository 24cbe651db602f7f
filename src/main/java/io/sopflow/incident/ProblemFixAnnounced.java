package io.sopflow.incident;

/**
 * Published when the change of problem {@code problemNumber} fixed the cause of incident {@code number} and the
 * incident waits for its resolution: the incident's process resolves it (a message it catches) and asks its reporter
 * to confirm, as after any resolution.
 */
public record ProblemFixAnnounced(String number, String problemNumber) {}
