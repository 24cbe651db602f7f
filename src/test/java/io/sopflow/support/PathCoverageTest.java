package io.sopflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The path coverage guard itself: what it reports, and that no model escapes it. */
class PathCoverageTest {

  /** start -> "Approved?" -> yes: approve / no: event-based wait (reply or timeout) -> end. */
  static BpmnModelInstance model() {
    return Bpmn.createExecutableProcess("Demo")
        .startEvent("Start")
        .exclusiveGateway("Gateway_Approved").name("Approved?")
        .condition("yes", "${approved}").sequenceFlowId("Flow_Yes")
        .userTask("Task_Approve").name("Approve")
        .endEvent("End_Approved")
        .moveToLastGateway()
        .condition("no", "${!approved}").sequenceFlowId("Flow_No")
        .eventBasedGateway().id("Gateway_Wait")
        .sequenceFlowId("Flow_ToReply")
        .intermediateCatchEvent("Event_Reply").message("reply")
        .endEvent("End_Replied")
        .moveToNode("Gateway_Wait")
        .sequenceFlowId("Flow_ToTimeout")
        .intermediateCatchEvent("Event_Timeout").timerWithDuration("PT1H")
        .endEvent("End_TimedOut")
        .done();
  }

  static Set<String> allIds(BpmnModelInstance model) {
    List<String> ids = new ArrayList<>();
    model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.FlowElement.class)
        .forEach(element -> ids.add(element.getId()));
    return Set.copyOf(ids);
  }

  /** The "no" branch: its flow, the gateway, both events, their end events and the flows between them. */
  static Set<String> noBranch(BpmnModelInstance model) {
    List<String> ids = new ArrayList<>(List.of("Flow_No", "Gateway_Wait", "Flow_ToReply", "Event_Reply", "End_Replied",
        "Flow_ToTimeout", "Event_Timeout", "End_TimedOut"));
    for (String event : List.of("Event_Reply", "Event_Timeout")) {
      ids.add(model.<org.camunda.bpm.model.bpmn.instance.FlowNode>getModelElementById(event).getOutgoing().iterator()
          .next().getId());
    }
    return Set.copyOf(ids);
  }

  @Test
  void namesEveryFlowAndNodeThatNoTestReached() {
    BpmnModelInstance model = model();
    Set<String> yesPathOnly = new java.util.HashSet<>(allIds(model));
    yesPathOnly.removeAll(noBranch(model));

    List<String> gaps = PathCoverage.notReached("demo.bpmn", model, Map.of("Demo", yesPathOnly));

    assertThat(gaps).hasSize(noBranch(model).size()).contains(
        "demo.bpmn: sequence flow Flow_No ('no') from Gateway_Approved ('Approved?') to Gateway_Wait never taken",
        "demo.bpmn: eventBasedGateway Gateway_Wait never reached",
        "demo.bpmn: intermediateCatchEvent Event_Timeout ('Event_Timeout') never reached",
        "demo.bpmn: endEvent End_Replied ('End_Replied') never reached");
    assertThat(gaps).noneMatch(gap -> gap.contains("Flow_Yes") || gap.contains("Task_Approve"));
  }

  @Test
  void aFlowOutOfAnEventBasedGatewayIsProvenByItsEvent() {
    // the engine enters the event that occurs directly: such a flow never fires "take"
    BpmnModelInstance model = model();
    Set<String> reached = new java.util.HashSet<>(allIds(model));
    reached.removeAll(Set.of("Flow_ToReply", "Flow_ToTimeout"));

    assertThat(PathCoverage.notReached("demo.bpmn", model, Map.of("Demo", reached))).isEmpty();

    reached.remove("Event_Timeout");
    assertThat(PathCoverage.notReached("demo.bpmn", model, Map.of("Demo", reached))).containsExactlyInAnyOrder(
        "demo.bpmn: sequence flow Flow_ToTimeout from Gateway_Wait to Event_Timeout ('Event_Timeout') never taken",
        "demo.bpmn: intermediateCatchEvent Event_Timeout ('Event_Timeout') never reached");
  }

  @Test
  void reachedElementsOfAnotherProcessDoNotCount() {
    BpmnModelInstance model = model();

    assertThat(PathCoverage.notReached("demo.bpmn", model, Map.of("Other", allIds(model))))
        .hasSize(allIds(model).size());
  }

  @Test
  void everyModelHasAProcessTestClassUnderPathCoverage() {
    List<String> covered = new ArrayList<>();
    for (JavaClass testClass : new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
        .importPackages("io.sopflow")) {
      Class<?> type = testClass.reflect();
      ExtendWith extendWith = type.getAnnotation(ExtendWith.class);
      Deployment deployment = type.getAnnotation(Deployment.class);
      if (extendWith != null && Arrays.asList(extendWith.value()).contains(PathCoverage.class)) {
        assertThat(deployment).as(type.getSimpleName() + " deploys its model with @Deployment").isNotNull();
        Arrays.stream(deployment.resources()).filter(r -> r.endsWith(".bpmn")).forEach(covered::add);
      }
    }

    List<String> models = Models.files(Models.PROCESSES, ".bpmn").stream()
        .map(file -> "processes/" + file.getFileName()).toList();
    assertThat(models).isNotEmpty();
    assertThat(covered).as("models whose process test class is under PathCoverage (one class per model)")
        .containsExactlyInAnyOrderElementsOf(models);
  }

  @Test
  void knowsTheTestMethodsOfAClass() {
    assertThat(PathCoverage.testMethods(PathCoverageTest.class)).containsExactlyInAnyOrder(
        "namesEveryFlowAndNodeThatNoTestReached", "aFlowOutOfAnEventBasedGatewayIsProvenByItsEvent",
        "reachedElementsOfAnotherProcessDoNotCount", "everyModelHasAProcessTestClassUnderPathCoverage",
        "knowsTheTestMethodsOfAClass", "aClassWithoutAModelIsAMistake");
  }

  @Test
  void aClassWithoutAModelIsAMistake() throws Exception {
    var context = org.mockito.Mockito.mock(org.junit.jupiter.api.extension.ExtensionContext.class);
    org.mockito.Mockito.doReturn(PathCoverageTest.class).when(context).getRequiredTestClass();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PathCoverage().afterAll(context))
        .hasMessage("PathCoverageTest uses PathCoverage but deploys no model");
    assertThat(Path.of("processes")).isDirectory();
  }
}
