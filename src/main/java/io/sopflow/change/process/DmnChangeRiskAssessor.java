package io.sopflow.change.process;

import io.sopflow.change.ChangeRiskAssessor;
import io.sopflow.change.ChangeType;
import io.sopflow.change.RiskLevel;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Rates risk with the deployed {@code ChangeRisk} decision table, so process owners change the rules in Modeler. */
@Component
class DmnChangeRiskAssessor implements ChangeRiskAssessor {

  private final DecisionService decisionService;

  DmnChangeRiskAssessor(DecisionService decisionService) {
    this.decisionService = decisionService;
  }

  @Override
  public RiskLevel assess(ChangeType type, int affectedServiceCount, boolean backoutPlanPresent, boolean tested) {
    var result = decisionService.evaluateDecisionTableByKey(ChangeApprovalProcess.DECISION_CHANGE_RISK,
        Variables.createVariables()
            .putValue(ChangeApprovalProcess.DMN_TYPE, type.name())
            .putValue(ChangeApprovalProcess.DMN_AFFECTED_SERVICE_COUNT, affectedServiceCount)
            .putValue(ChangeApprovalProcess.DMN_BACKOUT_PLAN_PRESENT, backoutPlanPresent)
            .putValue(ChangeApprovalProcess.DMN_TESTED, tested));
    Object risk = result.getSingleResult().getSingleEntry();
    return RiskLevel.valueOf(risk.toString());
  }
}
