package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.FAILED;
import static io.sopflow.release.process.ReleaseDeploymentProcess.PASSED;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;

/** The shared rule of the verification forms: a result of PASSED or FAILED, and notes that say why it failed. */
final class Verifications {

  private Verifications() {}

  static boolean passed(DelegateTask task, String resultField, String notesField) {
    String result = FormValues.text(task, resultField);
    if (!PASSED.equals(result) && !FAILED.equals(result)) {
      throw new BadUserRequestException(resultField + ": choose " + PASSED + " or " + FAILED);
    }
    if (FAILED.equals(result) && FormValues.text(task, notesField) == null) {
      throw new BadUserRequestException(notesField + ": say what failed");
    }
    return PASSED.equals(result);
  }
}
