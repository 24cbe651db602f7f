package io.sopflow.incident.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.incident.Level;
import io.sopflow.incident.Priority;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The priority matrix of DESIGN.md, evaluated from the deployed DMN table as the service does. */
@Deployment(resources = "processes/IncidentPriority.dmn")
class IncidentPriorityDecisionTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  @ParameterizedTest(name = "impact {0} x urgency {1} = {2}")
  @CsvSource({
      "HIGH, HIGH, P1",
      "HIGH, MEDIUM, P2", "MEDIUM, HIGH, P2",
      "HIGH, LOW, P3", "MEDIUM, MEDIUM, P3", "LOW, HIGH, P3",
      "MEDIUM, LOW, P4", "LOW, MEDIUM, P4", "LOW, LOW, P4"})
  void priorityFollowsImpactAndUrgency(Level impact, Level urgency, Priority expected) {
    DmnPriorityMatrix matrix = new DmnPriorityMatrix(engine.getProcessEngine().getDecisionService());
    assertThat(matrix.priorityOf(impact, urgency)).isEqualTo(expected);
  }
}
