package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.ACCESS_REQUEST_ID;
import static io.sopflow.access.process.AccessProvisioningProcess.DECISION_FORMS;
import static io.sopflow.access.process.AccessProvisioningProcess.DECISION_REJECT;

import io.sopflow.access.AccessRequestService;
import io.sopflow.access.SelfApprovalException;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing a decision task (SoD review, line manager, resource owner): the form's decision must be one of the
 * allowed values, the person completing must be neither beneficiary nor requester (403), and the decision is recorded
 * on the request and in the audit trail before the gateway reads the outcome variable.
 */
@Component("accessDecisionListener")
class AccessDecisionListener implements TaskListener {

  private final AccessRequestService service;
  private final CurrentUser currentUser;

  AccessDecisionListener(AccessRequestService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    AccessProvisioningProcess.DecisionForm form = DECISION_FORMS.get(task.getTaskDefinitionKey());
    if (form == null) {
      throw new IllegalStateException("accessDecisionListener is not configured for " + task.getTaskDefinitionKey());
    }
    String actor = currentUser.id().orElseThrow(
        () -> new AuthorizationException("Only a signed-in person may decide on an access request"));
    Object decision = task.getVariable(form.decisionField());
    boolean approved = form.approveValue().equals(decision);
    if (!approved && !DECISION_REJECT.equals(decision)) {
      throw new BadUserRequestException(form.decisionField() + " must be " + form.approveValue() + " or "
          + DECISION_REJECT);
    }
    Object comment = task.getVariable(form.commentField());
    try {
      service.decide((Long) task.getVariable(ACCESS_REQUEST_ID), form.stage(), actor, approved,
          comment == null ? null : comment.toString());
    } catch (SelfApprovalException e) {
      throw new AuthorizationException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new BadUserRequestException(form.commentField() + ": " + e.getMessage());
    }
    task.setVariable(form.outcomeVariable(), approved);
  }
}
