package io.sopflow.access;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLAs of the access approvals: a reminder to the approvers, then the escalation, which for an access request is
 * the automatic rejection (nobody gets access that nobody approved). Counted in business hours by default.
 *
 * <pre>
 * sopflow.sla.access.line-manager-approval.reminder=P1D
 * sopflow.sla.access.line-manager-approval.escalation=P3D
 * sopflow.sla.access.line-manager-approval.calendar=business-hours
 * sopflow.sla.access.resource-owner-approval.*   (same keys)
 * sopflow.sla.access.sod-review.*                (same keys)
 * </pre>
 *
 * The model reads them by step name: {@code ${slaDates.escalation('access.line-manager-approval')}}.
 */
@ConfigurationProperties("sopflow.sla.access")
public record AccessSlaProperties(StepSla lineManagerApproval, StepSla resourceOwnerApproval, StepSla sodReview)
    implements StepSlaSource {

  public static final String LINE_MANAGER_APPROVAL = "access.line-manager-approval";
  public static final String RESOURCE_OWNER_APPROVAL = "access.resource-owner-approval";
  public static final String SOD_REVIEW = "access.sod-review";

  /** One working day to the reminder, three to the automatic rejection. */
  static final StepSla APPROVAL_DEFAULT = StepSla.of("P1D", "P3D", "business-hours");

  public AccessSlaProperties {
    lineManagerApproval = merged(lineManagerApproval);
    resourceOwnerApproval = merged(resourceOwnerApproval);
    sodReview = merged(sodReview);
  }

  /** Every step at its default. */
  public static AccessSlaProperties defaults() {
    return new AccessSlaProperties(null, null, null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(LINE_MANAGER_APPROVAL, lineManagerApproval, RESOURCE_OWNER_APPROVAL, resourceOwnerApproval,
        SOD_REVIEW, sodReview);
  }

  private static StepSla merged(StepSla configured) {
    return configured == null ? APPROVAL_DEFAULT : configured.orElse(APPROVAL_DEFAULT);
  }
}
