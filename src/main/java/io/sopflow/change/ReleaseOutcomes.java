package io.sopflow.change;

/**
 * How a release's end reaches the change it implements: through the change's process (a message to the
 * implementation step it waits at), not as a note. Implemented in the process package, so the change service needs
 * no engine.
 */
public interface ReleaseOutcomes {

  /**
   * Delivers "release deployed" ({@code deployed}) or "release rolled back" to the change's process. Returns false
   * if the process is not waiting for its implementation (the caller then notes the outcome on the change).
   */
  boolean deliver(String changeNumber, String releaseKey, boolean deployed);
}
