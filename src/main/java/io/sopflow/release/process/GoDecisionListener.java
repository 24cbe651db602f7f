package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.release.GoDecision;
import io.sopflow.release.ReleaseService;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Decide go or no-go": the decision must be GO or NO_GO; a GO needs every checklist item, a NO_GO a
 * reason. Forms check this only in the browser, so it is checked here again, then recorded.
 */
@Component("goDecisionListener")
public class GoDecisionListener implements TaskListener {

  static final List<String> CHECKLIST = List.of(CHECK_CHANGE_APPROVED, CHECK_ROLLBACK_PLAN_REVIEWED,
      CHECK_STAKEHOLDERS_INFORMED, CHECK_MONITORING_READY);

  private final ReleaseService releaseService;
  private final CurrentUser currentUser;

  public GoDecisionListener(ReleaseService releaseService, CurrentUser currentUser) {
    this.releaseService = releaseService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String decision = FormValues.text(task, GO_DECISION);
    if (!GO.equals(decision) && !NO_GO.equals(decision)) {
      throw new BadUserRequestException(GO_DECISION + ": choose " + GO + " or " + NO_GO);
    }
    String reason = FormValues.text(task, DECISION_REASON);
    boolean go = GO.equals(decision);
    if (go) {
      List<String> missing = new ArrayList<>();
      for (String item : CHECKLIST) {
        if (!FormValues.flag(task, item)) {
          missing.add(item);
        }
      }
      if (!missing.isEmpty()) {
        throw new BadUserRequestException("A GO needs every checklist item; not checked: " + String.join(", ", missing));
      }
    } else if (reason == null) {
      throw new BadUserRequestException(DECISION_REASON + ": give the reason for the NO_GO");
    }
    GoDecision goDecision = new GoDecision(FormValues.actor(currentUser), go, reason,
        FormValues.flag(task, CHECK_CHANGE_APPROVED), FormValues.flag(task, CHECK_ROLLBACK_PLAN_REVIEWED),
        FormValues.flag(task, CHECK_STAKEHOLDERS_INFORMED), FormValues.flag(task, CHECK_MONITORING_READY));
    try {
      releaseService.recordGoDecision((String) task.getVariable(RELEASE_KEY), goDecision);
    } catch (IllegalArgumentException refused) {
      throw new BadUserRequestException(refused.getMessage());
    }
  }
}
