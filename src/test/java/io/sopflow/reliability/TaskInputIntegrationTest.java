package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.access.process.AccessProvisioningProcess;
import io.sopflow.incident.process.IncidentEscalationProcess;
import io.sopflow.support.IntegrationTestBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A person gives a task input only through its form's fields (platform/process/TaskInputGuard): a completion through
 * {@code /engine-rest} that sends a variable the form does not have is refused with 400 problem+json naming it, setting
 * or removing a task's variables directly is refused with 403, and in each case the task stays open and the process
 * variables the gateways and listeners read are unchanged. The completion Tasklist sends (every field of the form,
 * read-only display values included) still completes the task, and a changed display value changes nothing.
 */
class TaskInputIntegrationTest extends IntegrationTestBase {

  // ------------------------------------------------------------------ example 1: the reporter skips the P1/P2 review

  @Test
  void theReporterCannotSkipTheReviewOfAP2IncidentByConfirmingWithMoreThanTheForm() {
    String number = p2IncidentAwaitingConfirmation();
    String instance = instanceOf(number);
    Task confirm = taskOf(number, IncidentEscalationProcess.TASK_CONFIRM);
    assertThat(variable(instance, IncidentEscalationProcess.REVIEW_REQUIRED)).isEqualTo(true);
    Object assignmentGroup = variable(instance, IncidentEscalationProcess.ASSIGNMENT_GROUP);

    for (String extra : List.of(IncidentEscalationProcess.REVIEW_REQUIRED, IncidentEscalationProcess.MAJOR_INCIDENT,
        IncidentEscalationProcess.ASSIGNMENT_GROUP)) {
      Object value = IncidentEscalationProcess.ASSIGNMENT_GROUP.equals(extra) ? "managers" : false;
      ResponseEntity<JsonNode> refused = complete("pm", confirm.getId(),
          Map.of("confirmation", typed("CONFIRM"), extra, Map.of("value", value)));
      assertProblem(refused, 400, extra);
    }
    assertThat(refusedDetail(complete("pm", confirm.getId(), Map.of("confirmation", typed("CONFIRM"),
        "reviewRequired", Map.of("value", false), "majorIncident", Map.of("value", false)))))
        .as("every refused name is named").contains("reviewRequired", "majorIncident", "Confirm resolution");

    assertThat(taskOf(number, IncidentEscalationProcess.TASK_CONFIRM)).as("still waiting for the reporter")
        .isNotNull();
    assertThat(variable(instance, IncidentEscalationProcess.REVIEW_REQUIRED)).isEqualTo(true);
    assertThat(variable(instance, IncidentEscalationProcess.MAJOR_INCIDENT)).isEqualTo(false);
    assertThat(variable(instance, IncidentEscalationProcess.ASSIGNMENT_GROUP)).isEqualTo(assignmentGroup)
        .isNotEqualTo("managers");
    assertThat(incident(number).get("status").asText()).isEqualTo("RESOLVED");

    // What Tasklist sends: every field of the form, the read-only display values too. A changed display value (another
    // incident's number) is not input and changes nothing.
    Map<String, Object> form = new HashMap<>();
    form.put("incidentNumber", typed("INC-999999"));
    form.put("incidentTitle", typed("Something else"));
    form.put("priority", typed("P4"));
    form.put("reporter", typed("desk"));
    form.put("resolutionNotes", typed("Nothing was done"));
    form.put("confirmation", typed("CONFIRM"));
    ResponseEntity<JsonNode> confirmed = as("pm").post().uri("/engine-rest/task/{id}/submit-form", confirm.getId())
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", form)).retrieve().toEntity(JsonNode.class);

    assertThat(confirmed.getStatusCode().value()).as(String.valueOf(confirmed.getBody())).isEqualTo(204);
    assertThat(incident(number).get("status").asText()).isEqualTo("CLOSED");
    assertThat(taskOf(number, IncidentEscalationProcess.TASK_REVIEW)).as("the mandated review").isNotNull();
    assertThat(variable(instance, IncidentEscalationProcess.INCIDENT_NUMBER)).isEqualTo(number);
    assertThat(variable(instance, IncidentEscalationProcess.REPORTER)).isEqualTo("pm");
    assertThat(variable(instance, "resolutionNotes")).as("the resolver's, not the display value sent back")
        .isEqualTo("Restarted the relay");
    assertThat(processEngine.getRuntimeService().getVariables(instance)).doesNotContainKeys("incidentTitle",
        "priority");
  }

  // ------------------------------------------------------------------ example 2: the line manager reroutes the owner

  @Test
  void theLineManagerCannotRerouteTheResourceOwnersApprovalToAnotherGroup() {
    JsonNode request = as("l3").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("beneficiary", "l3", "resource", "release-managers", "justification", "release cover"))
        .retrieve().body(JsonNode.class);
    String key = request.get("key").asText();
    String instance = request.get("processInstanceId").asText();
    Task approve = taskOf(key, AccessProvisioningProcess.TASK_APPROVE_AS_LINE_MANAGER);
    assertThat(approve).isNotNull();
    Object ownerGroup = variable(instance, AccessProvisioningProcess.OWNER_GROUP);

    ResponseEntity<JsonNode> refused = complete("manager", approve.getId(), Map.of(
        AccessProvisioningProcess.MANAGER_DECISION, typed("APPROVE"),
        AccessProvisioningProcess.OWNER_GROUP, typed("managers")));

    assertProblem(refused, 400, AccessProvisioningProcess.OWNER_GROUP);
    assertThat(taskOf(key, AccessProvisioningProcess.TASK_APPROVE_AS_LINE_MANAGER)).isNotNull();
    assertThat(variable(instance, AccessProvisioningProcess.OWNER_GROUP)).isEqualTo(ownerGroup).isNotEqualTo("managers");

    // The form's own fields complete it, and the resource owner's approval goes to the resource's owner group.
    assertThat(complete("manager", approve.getId(), Map.of(AccessProvisioningProcess.MANAGER_DECISION,
        typed("APPROVE"), "managerComment", typed("ok"))).getStatusCode().value()).isEqualTo(204);
    Task ownerApproval = taskOf(key, AccessProvisioningProcess.TASK_APPROVE_AS_RESOURCE_OWNER);
    assertThat(ownerApproval).isNotNull();
    assertThat(processEngine.getTaskService().getIdentityLinksForTask(ownerApproval.getId()))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo(ownerGroup))
        .noneSatisfy(link -> assertThat(link.getGroupId()).isEqualTo("managers"));
  }

  // ------------------------------------------------------------------ example 5: a task-local variable set first

  @Test
  void theReporterCannotSetOrRemoveTheTasksVariablesBeforeCompletingIt() {
    String number = p2IncidentAwaitingConfirmation();
    String instance = instanceOf(number);
    String taskId = taskOf(number, IncidentEscalationProcess.TASK_CONFIRM).getId();
    Map<String, Object> localBefore = processEngine.getTaskService().getVariablesLocal(taskId);

    assertForbidden(as("pm").put().uri("/engine-rest/task/{id}/localVariables/incidentNumber", taskId)
        .contentType(MediaType.APPLICATION_JSON).body(typed("INC-000001")).retrieve().toEntity(JsonNode.class),
        "incidentNumber");
    assertForbidden(as("pm").put().uri("/engine-rest/task/{id}/variables/reviewRequired", taskId)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("value", false)).retrieve().toEntity(JsonNode.class),
        "reviewRequired");
    assertForbidden(as("pm").post().uri("/engine-rest/task/{id}/localVariables", taskId)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("modifications", Map.of("incidentNumber",
            typed("INC-000001")))).retrieve().toEntity(JsonNode.class), "incidentNumber");
    assertForbidden(as("pm").post().uri("/engine-rest/task/{id}/variables", taskId)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("deletions", List.of("reviewRequired")))
        .retrieve().toEntity(JsonNode.class), "reviewRequired");
    assertForbidden(as("pm").delete().uri("/engine-rest/task/{id}/localVariables/incidentNumber", taskId)
        .retrieve().toEntity(JsonNode.class), "incidentNumber");
    ResponseEntity<JsonNode> bpmnError = as("pm").post().uri("/engine-rest/task/{id}/bpmnError", taskId)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("errorCode", "skip")).retrieve().toEntity(JsonNode.class);
    assertForbidden(bpmnError, "BPMN error");

    assertThat(processEngine.getTaskService().getVariablesLocal(taskId)).isEqualTo(localBefore);
    assertThat(variable(instance, IncidentEscalationProcess.REVIEW_REQUIRED)).isEqualTo(true);
    assertThat(variable(instance, IncidentEscalationProcess.INCIDENT_NUMBER)).isEqualTo(number);
    assertThat(taskOf(number, IncidentEscalationProcess.TASK_CONFIRM)).isNotNull();

    // camunda-admin repairs instances: they may.
    assertThat(as("admin").put().uri("/engine-rest/task/{id}/localVariables/repairNote", taskId)
        .contentType(MediaType.APPLICATION_JSON).body(typed("checked")).retrieve().toBodilessEntity()
        .getStatusCode().value()).isEqualTo(204);
    assertThat(as("admin").delete().uri("/engine-rest/task/{id}/localVariables/repairNote", taskId).retrieve()
        .toBodilessEntity().getStatusCode().value()).isEqualTo(204);

    assertThat(complete("pm", taskId, Map.of("confirmation", typed("CONFIRM"))).getStatusCode().value())
        .isEqualTo(204);
    assertThat(taskOf(number, IncidentEscalationProcess.TASK_REVIEW)).isNotNull();
  }

  @Test
  void someoneWhoMayNotWorkOnTheTaskLearnsNothingOfItsForm() {
    String number = p2IncidentAwaitingConfirmation();
    String taskId = taskOf(number, IncidentEscalationProcess.TASK_CONFIRM).getId();

    ResponseEntity<JsonNode> refused = complete("owner", taskId, Map.of("reviewRequired", Map.of("value", false)));

    assertThat(refused.getStatusCode().value()).isEqualTo(403);
    assertThat(String.valueOf(refused.getBody())).doesNotContain("confirmation", "Confirm resolution");
    assertThat(taskOf(number, IncidentEscalationProcess.TASK_CONFIRM)).isNotNull();
  }

  // ------------------------------------------------------------------ helpers

  /** A P2 incident reported by pm, triaged and resolved by desk: its confirmation waits for pm. */
  private String p2IncidentAwaitingConfirmation() {
    JsonNode created = as("pm").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Mail relay down", "description", "Reported in a test", "impact", "HIGH",
            "urgency", "MEDIUM", "category", "network", "configurationItem", "relay-1"))
        .retrieve().body(JsonNode.class);
    String number = created.get("number").asText();
    assertThat(created.get("priority").asText()).isEqualTo("P2");
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "service-desk"));
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Restarted the relay"));
    assertThat(taskOf(number, IncidentEscalationProcess.TASK_CONFIRM)).isNotNull();
    return number;
  }

  private JsonNode incident(String number) {
    return as("pm").get().uri("/api/incidents/{n}", number).retrieve().body(JsonNode.class);
  }

  private String instanceOf(String businessKey) {
    return processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(businessKey)
        .singleResult().getId();
  }

  private Object variable(String instance, String name) {
    return processEngine.getRuntimeService().getVariable(instance, name);
  }

  private ResponseEntity<JsonNode> complete(String user, String taskId, Map<String, Object> variables) {
    return as(user).post().uri("/engine-rest/task/{id}/complete", taskId).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toEntity(JsonNode.class);
  }

  private static void assertProblem(ResponseEntity<JsonNode> response, int status, String field) {
    assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    if (field != null) {
      assertThat(response.getBody().get("field").asText()).isEqualTo(field);
      assertThat(response.getBody().get("detail").asText()).contains(field);
    }
  }

  /** 403 problem+json whose detail names {@code named} (the variables a variable command would have changed). */
  private static void assertForbidden(ResponseEntity<JsonNode> response, String named) {
    assertProblem(response, 403, null);
    assertThat(response.getBody().get("detail").asText()).contains(named);
  }

  private static String refusedDetail(ResponseEntity<JsonNode> response) {
    assertThat(response.getStatusCode().value()).isEqualTo(400);
    return response.getBody().get("detail").asText();
  }

  private static Map<String, Object> typed(String value) {
    return Map.of("value", value, "type", "String");
  }
}
