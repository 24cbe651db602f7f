package io.sopflow.sop.process;

import static io.sopflow.sop.process.SopRevisionProcess.*;

import io.sopflow.sop.SopRevisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Check SOP revision": runs the automatic checks and records them with the revision; the owner group and the SOP's
 * groups (for the review and the distribution mail) come from the version in force.
 */
@Component("checkSopRevisionDelegate")
public class CheckSopRevisionDelegate implements JavaDelegate {

  private final SopRevisionChecks checks;
  private final SopRevisionService revisions;

  CheckSopRevisionDelegate(SopRevisionChecks checks, SopRevisionService revisions) {
    this.checks = checks;
    this.revisions = revisions;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String processKey = (String) execution.getVariable(SOP_PROCESS_KEY);
    int version = (Integer) execution.getVariable(SOP_VERSION);
    SopRevisionChecks.Result result = checks.check(processKey, version);
    revisions.recordChecks(processKey, version, result.passed(), result.checks(), result.changeSummary());
    execution.setVariable(OWNER_GROUP, result.ownerGroup());
    execution.setVariable(SOP_GROUPS, String.join(",", result.sopGroups()));
  }
}
