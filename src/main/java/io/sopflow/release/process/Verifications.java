package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.FAILED;
import static io.sopflow.release.process.ReleaseDeploymentProcess.PASSED;

import io.sopflow.platform.process.TaskForm;
import java.util.List;

/** The shared rule of the verification forms: a result of PASSED or FAILED, and notes that say why it failed. */
record Verifications(boolean passed, String notes) {

  static Verifications read(TaskForm form, String resultField, String notesField) {
    boolean passed = PASSED.equals(form.oneOf(resultField, List.of(PASSED, FAILED)));
    String notes = passed ? form.text(notesField) : form.requiredText(notesField);
    return new Verifications(passed, notes);
  }
}
