package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.platform.process.TaskForms;
import io.sopflow.release.ReleaseService;
import io.sopflow.release.ReleaseView;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On creation of each user task of the release SOP: puts what its form shows (name, version, environment, window,
 * rollback plan, requester; what the GO needs; who gave the GO with which evidence) on the task as task-local variables, read from the release record as it is now. The process itself
 * carries only references, so a rescheduled window or a corrected record shows as it is, and nothing is copied into
 * the process instance.
 */
@Component("releaseTaskDetailsListener")
public class ReleaseTaskDetailsListener implements TaskListener {

  private final ReleaseService releaseService;
  private final TaskForms taskForms;

  public ReleaseTaskDetailsListener(ReleaseService releaseService, TaskForms taskForms) {
    this.releaseService = releaseService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    ReleaseView release = releaseService.forTask(taskForms.settingsOf(task).reference(RELEASE_KEY));
    Map<String, Object> shown = new HashMap<>();
    shown.put(RELEASE_NAME, release.name());
    shown.put(RELEASE_VERSION, release.version());
    shown.put(RELEASE_ENVIRONMENT, release.environment());
    shown.put(RELEASE_WINDOW, release.windowStart() + " - " + release.windowEnd() + " (UTC)");
    shown.put(ROLLBACK_PLAN, release.rollbackPlan());
    shown.put(RELEASE_REQUESTED_BY, release.requestedBy());
    if (TASK_DECIDE_GO_NO_GO.equals(task.getTaskDefinitionKey())) {
      shown.put(GO_REQUIREMENTS, goRequirements(release));
    }
    if (release.decidedBy() != null) {
      shown.put(GO_APPROVAL, "Decided by " + release.decidedBy() + " at " + release.decidedAt()
          + (release.fourEyes() ? " (four-eyes)" : "") + "; test report: " + orNone(release.testReportReference())
          + "; evidence: " + orNone(release.evidenceNotes()));
    }
    taskForms.show(task, shown);
  }

  private String goRequirements(ReleaseView release) {
    boolean fourEyes = releaseService.requiresFourEyes(release.key());
    boolean evidence = releaseService.requiresEvidence(release.key());
    if (!fourEyes && !evidence) {
      return "Any release manager may give the GO; a test report reference is optional.";
    }
    return (fourEyes ? "Four-eyes: a release manager other than " + release.requestedBy() + " (who requested it) must"
        + " give the GO. " : "")
        + (evidence ? "A GO for production needs the test report reference." : "");
  }

  private static String orNone(String s) {
    return s == null || s.isBlank() ? "none" : s;
  }
}
