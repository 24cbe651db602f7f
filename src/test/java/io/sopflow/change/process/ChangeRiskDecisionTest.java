package io.sopflow.change.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.change.ChangeType;
import io.sopflow.change.RiskLevel;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deployed ChangeRisk table, evaluated through the port the service uses. */
@Deployment(resources = "processes/ChangeRisk.dmn")
class ChangeRiskDecisionTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private RiskLevel assess(ChangeType type, int services, boolean backout, boolean tested) {
    return new DmnChangeRiskAssessor(engine.getDecisionService()).assess(type, services, backout, tested);
  }

  @Test
  void emergencyChangesAreHighRisk() {
    assertThat(assess(ChangeType.EMERGENCY, 1, true, true)).isEqualTo(RiskLevel.HIGH);
  }

  @Test
  void manyServicesOrNoBackoutPlanAreHighRisk() {
    assertThat(assess(ChangeType.NORMAL, 4, true, true)).isEqualTo(RiskLevel.HIGH);
    assertThat(assess(ChangeType.STANDARD, 1, false, true)).isEqualTo(RiskLevel.HIGH);
  }

  @Test
  void untestedNormalChangeIsHighAndTestedOneMedium() {
    assertThat(assess(ChangeType.NORMAL, 1, true, false)).isEqualTo(RiskLevel.HIGH);
    assertThat(assess(ChangeType.NORMAL, 1, true, true)).isEqualTo(RiskLevel.MEDIUM);
  }

  @Test
  void testedStandardChangeWithBackoutIsLowAndUntestedMedium() {
    assertThat(assess(ChangeType.STANDARD, 2, true, true)).isEqualTo(RiskLevel.LOW);
    assertThat(assess(ChangeType.STANDARD, 2, true, false)).isEqualTo(RiskLevel.MEDIUM);
  }
}
