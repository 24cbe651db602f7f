package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ChangeDecisions;
import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeView;
import io.sopflow.change.FourEyesViolationException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.InvalidRequestException;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Server-side rules for the work tasks on complete: the requester's details, the implementer's outcome and backout,
 * rescheduling, and the reviews after implementation. Refuses missing or invalid values (400).
 */
@Component("changeWorkTaskListener")
public class ChangeWorkTaskListener implements TaskListener {

  private static final Set<String> OUTCOMES = Set.of(ChangeDecisions.SUCCEEDED, ChangeDecisions.FAILED);

  private final ChangeService changeService;
  private final CurrentUser currentUser;

  public ChangeWorkTaskListener(ChangeService changeService, CurrentUser currentUser) {
    this.changeService = changeService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String number = (String) task.getVariable(CHANGE_NUMBER);
    String user = currentUser.idOr(Objects.toString(task.getAssignee(), "system"));
    try {
      switch (task.getTaskDefinitionKey()) {
        case TASK_PROVIDE_CHANGE_DETAILS -> {
          if (!Objects.equals(user, task.getVariable(REQUESTER))) {
            throw new AuthorizationException("Only the requester provides the details of " + number);
          }
          changeService.provideDetails(number, user, ChangeVariables.required(task, REQUESTER_DETAILS));
        }
        case TASK_IMPLEMENT_CHANGE -> {
          String outcome = ChangeVariables.required(task, IMPLEMENTATION_OUTCOME);
          if (!OUTCOMES.contains(outcome)) {
            throw new BadUserRequestException(IMPLEMENTATION_OUTCOME + " must be one of " + OUTCOMES);
          }
          changeService.recordImplementation(number, user, outcome, ChangeVariables.string(task, IMPLEMENTATION_NOTES));
        }
        case TASK_BACK_OUT_CHANGE ->
            changeService.recordBackout(number, user, ChangeVariables.required(task, BACKOUT_NOTES));
        case TASK_RESCHEDULE_CHANGE -> {
          ChangeView view = changeService.reschedule(number, user, ChangeVariables.instant(task, NEW_PLANNED_START),
              ChangeVariables.instant(task, NEW_PLANNED_END));
          task.getExecution().setVariable(PLANNED_START_DATE, Date.from(view.plannedStart()));
          task.getExecution().setVariable(PLANNED_END_DATE, Date.from(view.plannedEnd()));
        }
        case TASK_REVIEW_EMERGENCY_CHANGE ->
            changeService.recordReview(number, user, true, ChangeVariables.required(task, RETROSPECTIVE_SUMMARY));
        case TASK_REVIEW_IMPLEMENTATION ->
            changeService.recordReview(number, user, false, ChangeVariables.required(task, REVIEW_SUMMARY));
        default -> throw new IllegalStateException("No rules for task " + task.getTaskDefinitionKey());
      }
    } catch (FourEyesViolationException e) {
      throw new AuthorizationException(e.getMessage());
    } catch (InvalidRequestException e) {
      throw new BadUserRequestException(e.field() + " " + e.getMessage());
    } catch (ConflictException | IllegalArgumentException e) {
      throw new BadUserRequestException(e.getMessage());
    }
  }
}
