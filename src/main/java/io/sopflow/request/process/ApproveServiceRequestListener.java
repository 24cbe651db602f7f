package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.request.ServiceRequestService;
import io.sopflow.request.ServiceRequestService.ApprovalStage;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * An approval of a service request, by the line manager or the owner group (the task's setting
 * {@code approvalStage}): approve, or reject with a reason. The gateway after the task reads {@code approved}. The line
 * manager's approval is decided only by the person it was routed to ({@code managerApprover}) or their delegate (the
 * decision is then the line manager's, recorded as the delegate's acting for them), or, routed to the managers group
 * ({@code managerApprover} empty), by a member; the owner group's only by a member, never the line manager it was
 * routed to (four eyes, also when the record names a delegate without whom they acted for: a decision stored before
 * {@code managerActingFor}); 403 for anyone else. The routed value goes to the service, which decides by it rather
 * than by the directory as it is now.
 */
@Component("approveServiceRequestListener")
public class ApproveServiceRequestListener implements TaskListener {

  private final ServiceRequestService service;
  private final TaskForms taskForms;

  public ApproveServiceRequestListener(ServiceRequestService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    ApprovalStage stage = form.setting(APPROVAL_STAGE, ApprovalStage.class);
    // The owner stage is told whom the line manager's approval was routed to: four eyes refuse that person as owner,
    // whoever the record names as having decided for them.
    String routedTo = (stage == ApprovalStage.MANAGER ? form.requireRoutedPerson(MANAGER_APPROVER)
        : form.routedPerson(MANAGER_APPROVER)).orElse(null);
    boolean approved = DECISION_APPROVE.equals(form.oneOf(DECISION, List.of(DECISION_APPROVE, DECISION_REJECT)));
    String comment = form.text(COMMENT, 2000);
    if (!approved && comment == null) {
      throw new InvalidRequestException(COMMENT, "is required to reject: the requester is told why");
    }
    // A group's task (the owner group's) is never offered to a delegate: its decision is the actor's own.
    String approver = stage == ApprovalStage.MANAGER ? form.onBehalfOf() : form.actor();
    String delegate = stage == ApprovalStage.MANAGER ? form.substitute().orElse(null) : null;
    service.decide(form.reference(REQUEST_NUMBER), stage, routedTo, approver, delegate, approved, comment);
    task.getExecution().setVariable(APPROVED, approved);
  }
}
