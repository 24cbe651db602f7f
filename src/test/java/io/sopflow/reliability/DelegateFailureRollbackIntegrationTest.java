package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditTrail;
import io.sopflow.reliability.ReliabilityTestBeans.AuditThenFailDelegate;
import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A delegate that fails after its domain write: the write and the engine's step roll back together, the job is retried,
 * then becomes an incident that Cockpit shows (through the same engine REST a manager's Cockpit uses); once the cause
 * is fixed, setting the retries again completes the flow with the write done exactly once.
 */
class DelegateFailureRollbackIntegrationTest extends ReliabilityIntegrationTestBase {

  private static final String PROCESS_KEY = "Process_ReliabilityProbe";

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;
  @Autowired AuditTrail auditTrail;
  @Autowired AuditThenFailDelegate delegate;

  @BeforeEach
  void deployProbe() {
    BpmnModelInstance model = Bpmn.createExecutableProcess(PROCESS_KEY).camundaHistoryTimeToLive(1)
        .startEvent("StartEvent_ProbeStarted")
        .serviceTask("Task_WriteThenFail").camundaAsyncBefore().camundaDelegateExpression("${auditThenFailDelegate}")
        .camundaFailedJobRetryTimeCycle("R2/PT0S")
        .userTask("Task_AfterProbe").camundaCandidateGroups("service-desk")
        .endEvent("EndEvent_ProbeDone").done();
    repositoryService.createDeployment().name("reliability-probe").addModelInstance("probe.bpmn", model).deploy();
    delegate.broken.set(true);
    delegate.attempts.set(0);
  }

  @AfterEach
  void repair() {
    delegate.broken.set(true);
  }

  @Test
  void aDelegateFailingAfterItsDomainWriteRollsBackBothAndBecomesACockpitIncidentThatARetryResolves() {
    String businessKey = "PROBE-" + UUID.randomUUID().toString().substring(0, 8);
    String instanceId = runtimeService.startProcessInstanceByKey(PROCESS_KEY, businessKey).getId();

    // R2: two attempts, then an incident.
    Incident incident = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> runtimeService.createIncidentQuery().processInstanceId(instanceId).singleResult(),
            found -> found != null);
    assertThat(incident.getIncidentType()).isEqualTo("failedJob");
    assertThat(incident.getIncidentMessage()).contains("Simulated failure after the domain write");
    assertThat(delegate.attempts.get()).isEqualTo(2);

    // Nothing of any attempt survived: no audit entry, no variable, the token still waits before the task.
    assertThat(auditTrail.entriesFor(businessKey)).isEmpty();
    assertThat(runtimeService.getVariable(instanceId, "probeWritten")).isNull();
    assertThat(runtimeService.getActiveActivityIds(instanceId)).containsExactly("Task_WriteThenFail");
    assertThat(auditTrail.verify().intact()).isTrue();
    Job job = managementService.createJobQuery().processInstanceId(instanceId).singleResult();
    assertThat(job.getRetries()).isZero();

    // A manager sees the incident in Cockpit (Cockpit reads it through the engine's REST API with their rights).
    JsonNode incidents = as("manager").get().uri("/engine-rest/incident?processInstanceId={id}", instanceId)
        .retrieve().body(JsonNode.class);
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).path("incidentType").asText()).isEqualTo("failedJob");
    assertThat(as("desk").get().uri("/engine-rest/incident?processInstanceId={id}", instanceId)
        .retrieve().body(JsonNode.class)).as("desk may not read the instance").isEmpty();

    // The cause is fixed; an operator retries (Cockpit's "Retry" button sets the job's retries).
    delegate.broken.set(false);
    managementService.setJobRetries(job.getId(), 1);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> runtimeService.getActiveActivityIds(instanceId).contains("Task_AfterProbe"));
    assertThat(runtimeService.createIncidentQuery().processInstanceId(instanceId).count()).isZero();
    assertThat(auditTrail.entriesFor(businessKey)).singleElement()
        .satisfies(entry -> assertThat(entry.getAction()).isEqualTo(AuditThenFailDelegate.ACTION));
    assertThat(runtimeService.getVariable(instanceId, "probeWritten")).isEqualTo(true);
    assertThat(delegate.attempts.get()).isEqualTo(3);
    assertThat(historyService.createHistoricIncidentQuery().processInstanceId(instanceId).resolved().count())
        .isEqualTo(1);
    assertThat(auditTrail.verify().intact()).isTrue();
  }
}
