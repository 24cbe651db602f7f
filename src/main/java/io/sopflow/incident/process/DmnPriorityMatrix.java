package io.sopflow.incident.process;

import io.sopflow.incident.Level;
import io.sopflow.incident.Priority;
import io.sopflow.incident.PriorityMatrix;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Evaluates the latest deployed {@code IncidentPriority} table, so a process owner's edit applies at once. */
@Component
class DmnPriorityMatrix implements PriorityMatrix {

  private final DecisionService decisionService;

  DmnPriorityMatrix(DecisionService decisionService) {
    this.decisionService = decisionService;
  }

  @Override
  public Priority priorityOf(Level impact, Level urgency) {
    DmnDecisionRuleResult result = decisionService
        .evaluateDecisionTableByKey(IncidentEscalationProcess.DECISION_PRIORITY,
            Variables.createVariables().putValue("impact", impact.name()).putValue("urgency", urgency.name()))
        .getSingleResult();
    if (result == null || result.getSingleEntry() == null) {
      throw new IllegalStateException("IncidentPriority has no rule for impact " + impact + ", urgency " + urgency);
    }
    return Priority.valueOf(result.getSingleEntry().toString());
  }
}
