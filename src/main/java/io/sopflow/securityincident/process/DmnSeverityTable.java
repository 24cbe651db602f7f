package io.sopflow.securityincident.process;

import io.sopflow.securityincident.SecurityCategory;
import io.sopflow.securityincident.Severity;
import io.sopflow.securityincident.SeverityTable;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Evaluates the latest deployed {@code SecuritySeverity} table, so a process owner's edit applies at once. */
@Component
class DmnSeverityTable implements SeverityTable {

  private final DecisionService decisionService;

  DmnSeverityTable(DecisionService decisionService) {
    this.decisionService = decisionService;
  }

  @Override
  public Severity severityOf(SecurityCategory category, boolean personalDataInvolved, int affectedAssets,
      boolean criticalAssetAffected) {
    DmnDecisionRuleResult result = decisionService
        .evaluateDecisionTableByKey(SecurityIncidentProcess.DECISION_SEVERITY, Variables.createVariables()
            .putValue("category", category.name())
            .putValue("personalDataInvolved", personalDataInvolved)
            .putValue("affectedAssets", affectedAssets)
            .putValue("criticalAssetAffected", criticalAssetAffected))
        .getFirstResult();
    if (result == null || result.getSingleEntry() == null) {
      throw new IllegalStateException("SecuritySeverity has no rule for " + category + ", personal data "
          + personalDataInvolved + ", " + affectedAssets + " asset(s), critical " + criticalAssetAffected);
    }
    return Severity.valueOf(result.getSingleEntry().toString());
  }
}
