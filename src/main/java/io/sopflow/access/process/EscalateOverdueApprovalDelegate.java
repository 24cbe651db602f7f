package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.ACCESS_REQUEST_ID;
import static io.sopflow.access.process.AccessProvisioningProcess.BENEFICIARY;
import static io.sopflow.access.process.AccessProvisioningProcess.MANAGER_APPROVER;
import static io.sopflow.access.process.AccessProvisioningProcess.REQUESTER;

import io.sopflow.access.AccessRequestService;
import io.sopflow.identity.Groups;
import io.sopflow.identity.OverdueApprovals;
import io.sopflow.identity.OverdueApprovals.Escalation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The line manager's approval is overdue: it goes to the line manager's delegate where there is one (the approval is
 * offered again for the line manager, so the delegate takes it acting for them), else to the line manager's own line
 * manager (who becomes the approver). {@value #ESCALATED_TO} names the person (mailed next), or is null when there is
 * nobody left to ask: the request is then rejected as before. Each person is asked once ({@value #ESCALATED_BEFORE}),
 * so the chain ends.
 */
@Component("escalateOverdueApprovalDelegate")
class EscalateOverdueApprovalDelegate implements JavaDelegate {

  static final String ESCALATED_TO = "overdueApprovalEscalatedTo";
  static final String ESCALATED_BEFORE = "overdueApprovalEscalations";

  private final AccessRequestService service;
  private final OverdueApprovals overdueApprovals;

  EscalateOverdueApprovalDelegate(AccessRequestService service, OverdueApprovals overdueApprovals) {
    this.service = service;
    this.overdueApprovals = overdueApprovals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String approver = (String) execution.getVariable(MANAGER_APPROVER);
    Set<String> notTo = new LinkedHashSet<>(before(execution));
    notTo.add(String.valueOf(execution.getVariable(BENEFICIARY)));
    notTo.add(String.valueOf(execution.getVariable(REQUESTER)));
    Optional<Escalation> escalation = approver == null || approver.isBlank() ? Optional.empty()
        : overdueApprovals.escalationFor(approver, List.of(Groups.MANAGERS), notTo);
    execution.setVariable(ESCALATED_TO, escalation.map(Escalation::to).orElse(null));
    escalation.ifPresent(e -> {
      List<String> asked = new ArrayList<>(before(execution));
      asked.add(e.to());
      execution.setVariable(ESCALATED_BEFORE, String.join(",", asked));
      if (!e.delegate()) {
        execution.setVariable(MANAGER_APPROVER, e.to());
      }
      service.escalateOverdueApproval((Long) execution.getVariable(ACCESS_REQUEST_ID), approver, e.to(), e.delegate(),
          asked.size());
    });
  }

  private static List<String> before(DelegateExecution execution) {
    Object value = execution.getVariable(ESCALATED_BEFORE);
    return value == null || value.toString().isBlank() ? List.of() : List.of(value.toString().split(","));
  }
}
