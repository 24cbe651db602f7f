package io.sopflow.change;

/** Risk of a change, as the {@code ChangeRisk} decision table rates it. Ordered: LOW &lt; MEDIUM &lt; HIGH. */
public enum RiskLevel { LOW, MEDIUM, HIGH }
