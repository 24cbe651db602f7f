package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.Models;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The deployment guard's rule that an SOP's steps serve only that SOP (the rest of its rules: ModelSafetyTest). */
class ModelSafetyGuardTest {

  final ModelSafetyGuard guard = new ModelSafetyGuard();

  static Stream<Path> shippedModels() {
    return Stream.concat(Models.files(Models.PROCESSES, ".bpmn").stream(),
        Models.files(Models.PROCESSES, ".dmn").stream());
  }

  static String newProcess(String processKey, String delegateExpression) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_New" targetNamespace="http://sopflow.io">
          <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:startEvent id="StartEvent_New"/>
            <bpmn:serviceTask id="Task_Step" camunda:delegateExpression="%s"/>
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(processKey, delegateExpression);
  }

  @ParameterizedTest
  @MethodSource("shippedModels")
  void everyShippedModelPasses(Path file) throws IOException {
    assertThat(guard.findings(file.getFileName().toString(), Files.readAllBytes(file))).isEmpty();
  }

  @Test
  void theStepsOfEachSopAreThoseOfItsShippedModelAndTheBlocksAreTheElementTemplates() {
    ModelSafetyGuard.Steps steps = ModelSafetyGuard.Steps.fromClassPath();

    assertThat(steps.byProcess()).containsKeys("IncidentEscalationProcess", "SecurityIncidentProcess",
        "ChangeApprovalProcess", "AccessProvisioningProcess").hasSize(Models.files(Models.PROCESSES, ".bpmn").size());
    assertThat(steps.byProcess().get("SecurityIncidentProcess")).contains("lockAffectedAccountsDelegate");
    // the four templates of processes/.camunda, and on the test class path the probe steps of two integration tests
    assertThat(steps.blocks()).containsExactlyInAnyOrder("sendNotificationDelegate", "escalateSlaBreachDelegate",
        "openLinkedIncidentDelegate", "runCommandDelegate", "refusingProbeListener", "auditThenFailDelegate");
  }

  @Test
  void aNewProcessMayUseTheBlocksButNoSopsStep() {
    assertThat(guard.findings("New.bpmn", bytes(newProcess("Process_New", "${sendNotificationDelegate}")))).isEmpty();

    assertThat(guard.findings("Rogue.bpmn", bytes(newProcess("Process_Rogue", "${lockAffectedAccountsDelegate}"))))
        .singleElement().asString()
        .startsWith("process Process_Rogue uses ${lockAffectedAccountsDelegate}, a step of another SOP");
  }

  @Test
  void anSopsRevisionMayNotTakeAnotherSopsStep() throws IOException {
    String incident = Files.readString(Models.PROCESSES.resolve("IncidentEscalationProcess.bpmn"));
    String revised = incident.replace("camunda:delegateExpression=\"${closeIncidentDelegate}\"",
        "camunda:delegateExpression=\"${approveChangeDelegate}\"");
    assertThat(revised).isNotEqualTo(incident);

    assertThat(guard.findings("IncidentEscalationProcess.bpmn", bytes(revised))).singleElement().asString()
        .startsWith("process IncidentEscalationProcess uses ${approveChangeDelegate}, a step of another SOP");
  }

  @Test
  void aDelegateExpressionThatChoosesItsBeanIsRefused() {
    assertThat(guard.findings("Choice.bpmn", bytes(newProcess("Process_Choice",
        "${approved ? sendNotificationDelegate : lockAffectedAccountsDelegate}"))))
        .anyMatch(finding -> finding.contains("does not name one bean"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
