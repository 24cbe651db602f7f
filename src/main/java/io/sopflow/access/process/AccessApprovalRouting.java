package io.sopflow.access.process;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Who approves as line manager, as the model's candidate expressions read it: the beneficiary's line manager when
 * there is one who is neither beneficiary nor requester ({@code managerApprover}), else the fallback group.
 */
@Component("accessApprovalRouting")
public class AccessApprovalRouting {

  public List<String> users(String approver) {
    return approver == null || approver.isBlank() ? List.of() : List.of(approver);
  }

  public List<String> groupsUnless(String approver, String fallbackGroup) {
    return approver == null || approver.isBlank() ? List.of(fallbackGroup) : List.of();
  }
}
