package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ChangeDecisions;
import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeView;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completes the work tasks of a change: the requester's details, the implementer's outcome and backout, rescheduling,
 * and the reviews after implementation. Which one a task is comes from the model ({@code workStep}), the outcome of
 * the implementation goes to the variable its gateway reads ({@code decisionVariable}). Missing or invalid values are
 * refused naming the field (400); the person is always the one signed in.
 */
@Component("changeWorkTaskListener")
public class ChangeWorkTaskListener implements TaskListener {

  /** The work steps, as the model names them in {@code workStep}. */
  enum WorkStep {
    PROVIDE_DETAILS, IMPLEMENT, BACK_OUT, RESCHEDULE, RETROSPECTIVE_REVIEW, IMPLEMENTATION_REVIEW, ACKNOWLEDGE_OVERLAP
  }

  private static final List<String> OUTCOMES = List.of(ChangeDecisions.SUCCEEDED, ChangeDecisions.FAILED);

  private final ChangeService changeService;
  private final TaskForms taskForms;

  public ChangeWorkTaskListener(ChangeService changeService, TaskForms taskForms) {
    this.changeService = changeService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String number = form.businessKey();
    String actor = form.actor();
    switch (form.setting(SETTING_WORK_STEP, WorkStep.class)) {
      case PROVIDE_DETAILS -> changeService.provideDetails(number, actor, form.requiredText(REQUESTER_DETAILS));
      case IMPLEMENT -> {
        String outcome = form.oneOf(IMPLEMENTATION_OUTCOME, OUTCOMES);
        changeService.recordImplementation(number, actor, outcome, form.text(IMPLEMENTATION_NOTES));
        task.getExecution().setVariable(form.setting(SETTING_DECISION_VARIABLE),
            ChangeDecisions.SUCCEEDED.equals(outcome));
      }
      case BACK_OUT -> changeService.recordBackout(number, actor, form.requiredText(BACKOUT_NOTES));
      case RESCHEDULE -> {
        ChangeView view = changeService.reschedule(number, actor, form.requiredInstant(NEW_PLANNED_START),
            form.requiredInstant(NEW_PLANNED_END), form.flag(OVERLAP_ACKNOWLEDGED));
        // The timers of the next round read the new window.
        task.getExecution().setVariable(PLANNED_START_DATE, Date.from(view.plannedStart()));
        task.getExecution().setVariable(PLANNED_END_DATE, Date.from(view.plannedEnd()));
      }
      case RETROSPECTIVE_REVIEW ->
          changeService.recordReview(number, actor, true, form.requiredText(RETROSPECTIVE_SUMMARY));
      case IMPLEMENTATION_REVIEW ->
          changeService.recordReview(number, actor, false, form.requiredText(REVIEW_SUMMARY));
      case ACKNOWLEDGE_OVERLAP -> {
        if (!form.flag(OVERLAP_ACKNOWLEDGED)) {
          throw new InvalidRequestException(OVERLAP_ACKNOWLEDGED, "must be ticked: the change overlaps others on a"
              + " shared service, and going ahead needs a change manager's explicit acknowledgement");
        }
        changeService.acknowledgeOverlap(number, actor, form.text(OVERLAP_COMMENT));
      }
    }
  }
}
