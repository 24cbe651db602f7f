package io.sopflow.sop.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The change summary a reviewer reads: flow nodes added, removed and renamed, by id. */
class SopRevisionChecksTest {

  @Test
  void summaryNamesAddedRemovedAndRenamedFlowNodes() {
    Map<String, String> before = new LinkedHashMap<>();
    before.put("Task_Triage", "Triage incident");
    before.put("Task_Close", "Close incident");
    before.put("EndEvent_Closed", "Incident closed");
    Map<String, String> after = new LinkedHashMap<>();
    after.put("Task_Triage", "Triage reported incident");
    after.put("Task_CallReporter", "Call reporter");
    after.put("EndEvent_Closed", "Incident closed");

    assertThat(SopRevisionChecks.summary(1, before, after)).isEqualTo("""
        Compared with version 1 (in force):
        Added: Task_CallReporter "Call reporter"
        Removed: Task_Close "Close incident"
        Renamed: Task_Triage "Triage incident" -> "Triage reported incident\"""");
  }

  @Test
  void aChangeOutsideTheFlowNodesSaysSo() {
    Map<String, String> nodes = Map.of("Task_Triage", "Triage incident");
    assertThat(SopRevisionChecks.summary(3, nodes, nodes)).endsWith("No flow node added, removed or renamed "
        + "(the change is in conditions, settings or layout).");
  }
}
