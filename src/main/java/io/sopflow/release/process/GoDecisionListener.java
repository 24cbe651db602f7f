package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.release.GoDecision;
import io.sopflow.release.ReleaseService;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Decide go or no-go": the decision must be GO or NO_GO; a GO needs every checklist item, a NO_GO a
 * reason. Forms check this only in the browser, so it is checked here again, then recorded with the person deciding
 * and the GO's evidence (test report reference, notes). Four-eyes and the evidence required for production are the
 * service's rules ({@link ReleaseService#recordGoDecision}).
 */
@Component("goDecisionListener")
public class GoDecisionListener implements TaskListener {

  static final List<String> CHECKLIST = List.of(CHECK_CHANGE_APPROVED, CHECK_ROLLBACK_PLAN_REVIEWED,
      CHECK_STAKEHOLDERS_INFORMED, CHECK_MONITORING_READY);

  private final ReleaseService releaseService;
  private final TaskForms taskForms;

  public GoDecisionListener(ReleaseService releaseService, TaskForms taskForms) {
    this.releaseService = releaseService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    boolean go = GO.equals(form.oneOf(GO_DECISION, List.of(GO, NO_GO)));
    String reason = go ? form.text(DECISION_REASON) : form.requiredText(DECISION_REASON);
    if (go) {
      List<String> missing = new ArrayList<>();
      for (String item : CHECKLIST) {
        if (!form.flag(item)) {
          missing.add(item);
        }
      }
      if (!missing.isEmpty()) {
        throw new InvalidRequestException(missing.get(0),
            "a GO needs every checklist item; not checked: " + String.join(", ", missing));
      }
    }
    GoDecision decision = new GoDecision(form.actor(), go, reason, form.flag(CHECK_CHANGE_APPROVED),
        form.flag(CHECK_ROLLBACK_PLAN_REVIEWED), form.flag(CHECK_STAKEHOLDERS_INFORMED),
        form.flag(CHECK_MONITORING_READY), form.text(TEST_REPORT_REFERENCE, 500), form.text(EVIDENCE_NOTES));
    releaseService.recordGoDecision(form.reference(RELEASE_KEY), decision);
  }
}
