package io.sopflow.change;

/** Rates a change's risk. Implemented in the process package over the deployed {@code ChangeRisk} decision table. */
public interface ChangeRiskAssessor {

  RiskLevel assess(ChangeType type, int affectedServiceCount, boolean backoutPlanPresent, boolean tested);
}
