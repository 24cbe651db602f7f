package io.sopflow.release;

import java.time.Duration;

/**
 * What one deployment step did: a deploy, a rollback or one smoke-check attempt, through which adapter, against what
 * target (command line or URL), with its exit code or HTTP status and its captured output (already truncated).
 */
public record StepResult(StepAction action, String adapter, String target, Result result, Integer exitCode,
    Integer httpStatus, Duration duration, String output) {

  public enum StepAction { DEPLOY, ROLLBACK, SMOKE_CHECK }

  public enum Result { SUCCEEDED, FAILED, TIMED_OUT, ERROR }

  public boolean succeeded() {
    return result == Result.SUCCEEDED;
  }
}
