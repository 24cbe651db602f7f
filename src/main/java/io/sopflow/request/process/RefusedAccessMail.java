package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.BOUNDARY_ACCESS_NOT_REQUESTED;
import static io.sopflow.request.process.ServiceRequestProcess.GATEWAY_FULFILLED_BEFORE_1_2;
import static io.sopflow.request.process.ServiceRequestProcess.REQUESTER;
import static io.sopflow.request.process.ServiceRequestProcess.TEMPLATE_REJECTED;

import io.sopflow.notification.NotificationRequest;
import io.sopflow.notification.NotificationService;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The requester's mail when the access SOP refused a request, for a model that has no step for it there. From 1.3.0
 * on the model catches the refusal ({@value ServiceRequestProcess#BOUNDARY_ACCESS_NOT_REQUESTED}) and mails on its
 * path; 1.1.0 goes on after its fulfilment subprocess to "Fulfilled?"
 * ({@value ServiceRequestProcess#GATEWAY_FULFILLED_BEFORE_1_2}) and mails on its "No" flow. 1.2.0 does neither: the
 * uncaught error ends the instance at "Request access", so the mail that missing step would have recorded is recorded
 * here, through the one mail home, as {@code SendNotificationDelegate} records it (template, the requester, this
 * activity instance as the dedupe key, the business key as the reference): in the step's transaction, sent by the
 * outbox after the commit.
 */
@Component
class RefusedAccessMail {

  private final NotificationService notifications;

  RefusedAccessMail(NotificationService notifications) {
    this.notifications = notifications;
  }

  /** Records the mail unless the model running {@code execution} goes on to a mail of its own. */
  void recordUnlessTheModelMails(DelegateExecution execution) {
    var model = execution.getBpmnModelInstance();
    if (model.getModelElementById(BOUNDARY_ACCESS_NOT_REQUESTED) != null
        || model.getModelElementById(GATEWAY_FULFILLED_BEFORE_1_2) != null) {
      return;
    }
    notifications.send(new NotificationRequest("activity:" + execution.getActivityInstanceId(), TEMPLATE_REJECTED,
        execution.getProcessBusinessKey(), List.of((String) execution.getVariable(REQUESTER)), List.of(), Map.of(),
        execution.getProcessInstanceId(), null));
  }
}
