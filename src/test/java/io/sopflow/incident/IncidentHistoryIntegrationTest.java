package io.sopflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditEntry;
import io.sopflow.audit.AuditTrail;
import io.sopflow.incident.process.IncidentEscalationProcess;
import io.sopflow.support.IntegrationTestBase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * What an incident's lifecycle leaves in the engine's history with the history level of {@code application.yml}
 * ({@code full-without-step-variables}, platform/process/StepVariableHistoryPlugin): its process variables have their
 * full history, its tasks' display values (task-local variables) and its steps' input parameters (the mail steps'
 * template, recipients and task link) none; the audit trail, the engine's task and operation history, and the SLA
 * report are what they were.
 */
class IncidentHistoryIntegrationTest extends IntegrationTestBase {

  /** Display values every incident task shows (IncidentTaskDetailsListener), none of them a process variable. */
  private static final List<String> DISPLAY_ONLY = List.of(IncidentEscalationProcess.INCIDENT_TITLE,
      IncidentEscalationProcess.WORK_LOG, IncidentEscalationProcess.RESPONSE_DUE,
      IncidentEscalationProcess.RESOLUTION_DUE, IncidentEscalationProcess.KNOWN_ERROR_WORKAROUND);

  /** Input parameters of the lifecycle's mail steps (acknowledgement, confirmation request, closure). */
  private static final List<String> MAIL_STEP_INPUTS = List.of("template", "recipientUsers", "taskDefinitionKey");

  @Autowired
  AuditTrail auditTrail;

  @Test
  void processVariablesKeepTheirHistoryAndTheTasksDisplayValuesLeaveNone() {
    assertThat(((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getHistoryLevel()
        .getName()).isEqualTo("full-without-step-variables");
    JsonNode slaBefore = slaReport();

    String number = as("pm").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Scanner offline", "description", "Reported in a test", "impact", "LOW",
            "urgency", "LOW", "category", "hardware", "configurationItem", "scanner-3"))
        .retrieve().body(JsonNode.class).get("number").asText();
    String processInstanceId = processEngine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceBusinessKey(number).singleResult().getId();
    Task triage = taskOf(number, IncidentEscalationProcess.TASK_TRIAGE);
    assertThat(processEngine.getTaskService().getVariablesLocal(triage.getId()))
        .as("Tasklist still reads the display values of the running task")
        .containsEntry(IncidentEscalationProcess.INCIDENT_TITLE, "Scanner offline")
        .containsKeys(DISPLAY_ONLY.toArray(String[]::new));

    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "service-desk"));
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Replaced the cable"));
    completeTaskAs("pm", number, IncidentEscalationProcess.TASK_CONFIRM, Map.of("confirmation", "CONFIRM"));
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processInstanceId)
        .count()).isZero();

    HistoryService history = processEngine.getHistoryService();
    List<HistoricVariableInstance> variables = history.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).list();
    assertThat(variables).as("no variable of a task in the history").allMatch(v -> v.getTaskId() == null);
    assertThat(variables).extracting(HistoricVariableInstance::getName)
        .contains(IncidentEscalationProcess.INCIDENT_NUMBER, IncidentEscalationProcess.REPORTER,
            IncidentEscalationProcess.RESPONSE_DUE_AT, IncidentEscalationProcess.RESOLUTION_DUE_AT,
            IncidentEscalationProcess.RESOLVER_GROUP, "resolutionOutcome", IncidentEscalationProcess.CONFIRMATION)
        .doesNotContainAnyElementsOf(DISPLAY_ONLY).doesNotContainAnyElementsOf(MAIL_STEP_INPUTS);
    assertThat(variables).filteredOn(v -> v.getName().equals(IncidentEscalationProcess.CONFIRMATION))
        .extracting(HistoricVariableInstance::getValue).containsExactly("CONFIRM");
    List<HistoricDetail> details = history.createHistoricDetailQuery().processInstanceId(processInstanceId)
        .variableUpdates().list();
    assertThat(details).as("no detail of a task's variable").allMatch(d -> d.getTaskId() == null);
    assertThat(details).as("no detail of a step's input parameter").extracting(d -> ((HistoricVariableUpdate) d)
        .getVariableName()).doesNotContainAnyElementsOf(MAIL_STEP_INPUTS);
    assertThat(details).as("each write of a decision keeps its detail row")
        .anyMatch(d -> ((HistoricVariableUpdate) d).getVariableInstanceId().equals(idOf(variables, IncidentEscalationProcess.RESOLVER_GROUP)))
        .anyMatch(d -> ((HistoricVariableUpdate) d).getVariableInstanceId().equals(idOf(variables, IncidentEscalationProcess.CONFIRMATION)));

    // The rest of the engine's history is there: the tasks with who did them, the operation log (closure reports).
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId).finished().list())
        .extracting(t -> t.getTaskDefinitionKey() + " by " + t.getAssignee())
        .contains(IncidentEscalationProcess.TASK_CONFIRM + " by pm");
    assertThat(history.createUserOperationLogQuery().processInstanceId(processInstanceId)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list())
        .extracting(UserOperationLogEntry::getUserId).containsExactlyInAnyOrder("desk", "desk", "pm");

    // The audit trail is the record's own history, written by the services: unchanged, and its chain intact.
    assertThat(auditTrail.entriesFor(number)).extracting(AuditEntry::getAction)
        .containsSubsequence("REPORTED", "ACKNOWLEDGED", "RESOLVED", "RESOLUTION_CONFIRMED", "CLOSED");
    auditTrail.sealPending();
    assertThat(auditTrail.verify().intact()).isTrue();

    // The SLA report reads the records: the incident is counted, responded and resolved.
    JsonNode slaAfter = slaReport();
    assertThat(figure(slaAfter, "count")).isEqualTo(figure(slaBefore, "count") + 1);
    assertThat(figure(slaAfter, "responded")).isEqualTo(figure(slaBefore, "responded") + 1);
    assertThat(figure(slaAfter, "resolved")).isEqualTo(figure(slaBefore, "resolved") + 1);
  }

  private static String idOf(List<HistoricVariableInstance> variables, String name) {
    return variables.stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow().getId();
  }

  private JsonNode slaReport() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return as("manager").get().uri("/api/reports/sla?sop=incident&from={from}&to={to}&groupBy=priority",
        today.minusDays(1), today.plusDays(1)).retrieve().body(JsonNode.class);
  }

  /** A figure of the P4 row (0 when the report has no such row yet). */
  private static long figure(JsonNode report, String field) {
    for (JsonNode row : report.path("rows")) {
      if ("P4".equals(row.path("key").asText())) {
        return row.path(field).asLong();
      }
    }
    return 0;
  }
}
