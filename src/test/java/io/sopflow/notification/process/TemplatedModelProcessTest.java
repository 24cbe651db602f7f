package io.sopflow.notification.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.command.CommandRunner;
import io.sopflow.command.process.RunCommandDelegate;
import io.sopflow.incident.IncidentApi.IncidentView;
import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Level;
import io.sopflow.incident.process.OpenLinkedIncidentDelegate;
import io.sopflow.notification.NotificationRequest;
import io.sopflow.notification.NotificationService;
import io.sopflow.platform.SopProcesses;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.sla.process.EscalateSlaBreachDelegate;
import io.sopflow.support.ElementTemplates;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A model built from SOPFlow's blocks in Modeler (the four element templates applied to plain service tasks, see
 * {@link ElementTemplates#templatedStepsProcess()}) deploys and runs: each template's bindings reach the delegate it
 * names, with the values the process owner entered. Real delegates over mocked services.
 */
class TemplatedModelProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private final NotificationService notifications = mock(NotificationService.class);
  private final SlaEscalations escalations = mock(SlaEscalations.class);
  private final IncidentService incidents = mock(IncidentService.class);
  private final CommandRunner commands = mock(CommandRunner.class);
  private String deploymentId;

  @BeforeEach
  void setUp() throws Exception {
    BpmnAwareTests.init(engine.getProcessEngine());
    Mocks.register("sendNotificationDelegate", new SendNotificationDelegate(notifications));
    Mocks.register("escalateSlaBreachDelegate", new EscalateSlaBreachDelegate(escalations, new SopProcesses()));
    Mocks.register("openLinkedIncidentDelegate", new OpenLinkedIncidentDelegate(incidents));
    Mocks.register("runCommandDelegate", new RunCommandDelegate(commands));
    Path model = ElementTemplates.templatedStepsProcess();
    try (var in = new FileInputStream(model.toFile())) {
      deploymentId = engine.getRepositoryService().createDeployment()
          .addInputStream("TemplatedStepsProcess.bpmn", in).deploy().getId();
    }
  }

  @AfterEach
  void tearDown() {
    engine.getRepositoryService().deleteDeployment(deploymentId, true);
    Mocks.reset();
  }

  @Test
  void everyTemplatedStepReachesItsDelegateWithTheEnteredValues() {
    when(commands.run("health-check", "CHK-000001")).thenReturn("vpn-gw-1: DEGRADED");
    IncidentView incident = mock(IncidentView.class);
    when(incident.number()).thenReturn("INC-000042");
    when(incidents.reportBySystem(eq("system"), any())).thenReturn(incident);
    when(notifications.send(any())).thenReturn(Optional.empty());

    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("TemplatedStepsProcess",
        "CHK-000001", Map.of("target", "vpn-gw-1", "assignmentGroup", "support-l2", "requester", "desk",
            "priority", "P2"));

    // the command step is asynchronous (the template's save point), with the retry cycle set next to it
    assertThat(instance).isWaitingAt("Task_RunHealthCheck");
    execute(job());
    assertThat(instance).isEnded();

    ArgumentCaptor<ReportIncident> report = ArgumentCaptor.forClass(ReportIncident.class);
    verify(incidents).reportBySystem(eq("system"), report.capture());
    assertThat(report.getValue().title()).isEqualTo("Health check of vpn-gw-1");
    assertThat(report.getValue().description()).contains("The health check reported a problem.")
        .contains("Raised by CHK-000001");
    assertThat(report.getValue().impact()).isEqualTo(Level.HIGH);
    assertThat(report.getValue().urgency()).isEqualTo(Level.MEDIUM);
    assertThat(report.getValue().category()).isEqualTo("network");
    assertThat(report.getValue().configurationItem()).isEqualTo("vpn-gw-1");

    verify(escalations).escalate("TemplatedStepsProcess", "CHK-000001", "health-check", "P2", 2, "incident-managers");

    ArgumentCaptor<NotificationRequest> mail = ArgumentCaptor.forClass(NotificationRequest.class);
    verify(notifications).send(mail.capture());
    assertThat(mail.getValue().template()).isEqualTo("incident-escalated");
    assertThat(mail.getValue().reference()).isEqualTo("CHK-000001");
    assertThat(mail.getValue().recipientGroups()).containsExactly("managers", "support-l2");
    assertThat(mail.getValue().recipientUsers()).containsExactly("desk");

    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
        .list()).extracting(v -> v.getName() + "=" + v.getValue())
        .contains("healthCheckOutput=vpn-gw-1: DEGRADED", "linkedIncidentNumber=INC-000042");
  }

  @Test
  void aFailingCommandIsRetriedThenBecomesACockpitIncident() {
    when(commands.run("health-check", "CHK-000002")).thenThrow(new IllegalStateException("exit code 2"));
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("TemplatedStepsProcess",
        "CHK-000002", Map.of("target", "vpn-gw-1", "assignmentGroup", "support-l2", "requester", "desk"));
    assertThat(instance).isWaitingAt("Task_RunHealthCheck");
    assertThat(job().getRetries()).isEqualTo(3);
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        engine.getManagementService().executeJob(job().getId());
      } catch (RuntimeException expected) {
        // each attempt fails; the job keeps its remaining retries (R3 of the cycle)
      }
    }
    assertThat(job().getRetries()).isZero();
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(instance.getId()).count())
        .isEqualTo(1);
    assertThat(instance).isWaitingAt("Task_RunHealthCheck");
  }
}
