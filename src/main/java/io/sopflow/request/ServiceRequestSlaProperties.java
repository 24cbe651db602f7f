package io.sopflow.request;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLAs of the approvals of a service request: a reminder to the approver, then the escalation to managers. The
 * fulfilment itself is due after its catalogue item's target in the item's calendar (warning at
 * {@code sopflow.sla.warning-threshold}, as for incidents).
 *
 * <pre>
 * sopflow.sla.service-request.manager-approval.reminder=P1D
 * sopflow.sla.service-request.manager-approval.escalation=P2D
 * sopflow.sla.service-request.manager-approval.calendar=business-hours
 * sopflow.sla.service-request.owner-approval.*   (the same)
 * </pre>
 */
@ConfigurationProperties("sopflow.sla.service-request")
public record ServiceRequestSlaProperties(StepSla managerApproval, StepSla ownerApproval) implements StepSlaSource {

  public static final String MANAGER_APPROVAL = "service-request.manager-approval";
  public static final String OWNER_APPROVAL = "service-request.owner-approval";

  static final StepSla APPROVAL_DEFAULT = StepSla.of("P1D", "P2D", "business-hours");

  public ServiceRequestSlaProperties {
    managerApproval = managerApproval == null ? APPROVAL_DEFAULT : managerApproval.orElse(APPROVAL_DEFAULT);
    ownerApproval = ownerApproval == null ? APPROVAL_DEFAULT : ownerApproval.orElse(APPROVAL_DEFAULT);
  }

  public static ServiceRequestSlaProperties defaults() {
    return new ServiceRequestSlaProperties(null, null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(MANAGER_APPROVAL, managerApproval, OWNER_APPROVAL, ownerApproval);
  }
}
