package io.sopflow.backup;

import java.time.Duration;

/** How one run of a set's restore command ended: its command line, exit code (none if killed), time and output. */
record RestoreRun(String commandLine, Outcome outcome, Integer exitCode, Duration duration, String output) {

  enum Outcome { SUCCEEDED, FAILED, TIMED_OUT, NOT_STARTED }

  boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  String describe() {
    return switch (outcome) {
      case SUCCEEDED -> "restore command succeeded in " + duration.toMillis() + " ms";
      case FAILED -> "restore command failed with exit code " + exitCode;
      case TIMED_OUT -> "restore command did not finish within its timeout and was killed";
      case NOT_STARTED -> "restore command could not be started";
    };
  }
}
