package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.ClientAt.Answer;
import io.sopflow.support.IntegrationTestBase;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code EngineRefusals}, Jersey-auto-discovered, answers a refusal thrown by a task listener as its own status in
 * problem+json, on {@code /engine-rest} and on the engine API of the webapps that Tasklist calls alike, and a task that
 * is gone as 404. A probe process whose completion listener refuses as it is told (variable {@code refuse}).
 */
class EngineRefusalsIntegrationTest extends IntegrationTestBase {

  static final String PROBE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_RefusalProbe" targetNamespace="http://sopflow.io">
        <bpmn:process id="Process_RefusalProbe" isExecutable="true" camunda:historyTimeToLive="P1D">
          <bpmn:startEvent id="StartEvent_ProbeStarted"/>
          <bpmn:sequenceFlow id="Flow_ToDecide" sourceRef="StartEvent_ProbeStarted" targetRef="Task_Decide"/>
          <bpmn:userTask id="Task_Decide" name="Decide probe" camunda:candidateGroups="camunda-admin"
              camunda:formRef="Form_RefusalProbe" camunda:formRefBinding="deployment">
            <bpmn:extensionElements>
              <camunda:taskListener event="complete" delegateExpression="${refusingProbeListener}"/>
            </bpmn:extensionElements>
          </bpmn:userTask>
          <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_Decide" targetRef="EndEvent_ProbeDone"/>
          <bpmn:endEvent id="EndEvent_ProbeDone"/>
        </bpmn:process>
      </bpmn:definitions>
      """;

  /** The probe task's form: a completion sends only its fields (TaskInputGuard). */
  static final String PROBE_FORM = """
      {"id": "Form_RefusalProbe", "type": "default", "schemaVersion": 16,
       "components": [{"type": "textfield", "key": "refuse", "id": "Field_refuse"}]}
      """;

  /** Refuses a completion the way an SOP rule would, by the variable {@code refuse}. */
  static final class RefusingProbeListener implements TaskListener {
    @Override
    public void notify(DelegateTask task) {
      Object refuse = task.getVariable("refuse");
      if ("conflict".equals(refuse)) {
        throw new ConflictException("The probe was decided by someone else meanwhile.");
      }
      if ("invalid".equals(refuse)) {
        throw new InvalidRequestException("reason", "is required when you reject");
      }
      if ("forbidden".equals(refuse)) {
        throw new ForbiddenException("You may not decide your own probe.");
      }
    }
  }

  @Autowired ConfigurableApplicationContext context;

  private final ObjectMapper json = new ObjectMapper();
  private ClientAt api;

  /**
   * The listener joins the shared test context as a bean at run time (the engine resolves {@code ${...}} against the
   * context when the task completes), rather than through a test configuration that would start a context of its own.
   */
  @BeforeEach
  void deployProbe() {
    if (!context.containsBean("refusingProbeListener")) {
      context.getBeanFactory().registerSingleton("refusingProbeListener", new RefusingProbeListener());
    }
    if (processEngine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("Process_RefusalProbe")
        .count() == 0) {
      processEngine.getRepositoryService().createDeployment().name("refusal-probe")
          .addString("RefusalProbe.bpmn", PROBE).addString("Form_RefusalProbe.form", PROBE_FORM).deploy();
    }
    api = new ClientAt("127.0.0.1", port);
  }

  private String newTask() {
    String instance = processEngine.getRuntimeService().startProcessInstanceByKey("Process_RefusalProbe").getId();
    return processEngine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult().getId();
  }

  private static String refuse(String how) {
    return "{\"variables\":{\"refuse\":{\"value\":\"" + how + "\",\"type\":\"String\"}}}";
  }

  @Test
  void engineRestAnswersListenerRefusalsWithTheirStatusAndField() throws Exception {
    String task = newTask();
    assertRefusal(complete(task, "conflict"), 409, null);
    assertRefusal(complete(task, "invalid"), 400, "reason");
    assertRefusal(complete(task, "forbidden"), 403, null);
    assertThat(processEngine.getTaskService().createTaskQuery().taskId(task).count()).as("nothing completed").isOne();
    assertThat(complete(task, "none").status()).isEqualTo(204);
  }

  @Test
  void tasklistsSubmitFormAnswersListenerRefusalsWithTheirStatusAndField() throws Exception {
    String task = newTask();
    ClientAt tasklist = signedInToTasklist("admin");
    assertRefusal(submitForm(tasklist, task, "conflict"), 409, null);
    assertRefusal(submitForm(tasklist, task, "invalid"), 400, "reason");
    assertRefusal(submitForm(tasklist, task, "forbidden"), 403, null);
    String origin = "http://127.0.0.1:" + port;
    assertRefusal(tasklist.post("/camunda/api/engine/engine/default/task/" + task + "/submit-form",
        "application/json", "{\"variables\":{\"refuse\":{\"value\":\"none\"},\"extra\":{\"value\":true}}}",
        "X-XSRF-TOKEN", tasklist.cookie("XSRF-TOKEN"), "Origin", origin, "Referer",
        origin + "/camunda/app/tasklist/default/", "Accept", "application/json, text/plain, */*"), 400, "extra");
    assertThat(processEngine.getTaskService().createTaskQuery().taskId(task).count()).as("nothing completed").isOne();
    assertThat(submitForm(tasklist, task, "none").status()).isEqualTo(204);
  }

  @Test
  void aTaskCompletedAMomentAgoIs404ProblemJsonNot500() throws Exception {
    String task = newTask();
    assertThat(complete(task, "none").status()).isEqualTo(204);
    assertRefusal(api.get("/engine-rest/task/" + task + "/deployed-form", "Authorization",
        ClientAt.basic("admin", PASSWORD)), 404, null);
    Answer again = complete(task, "none");
    assertThat(again.status()).as(again.body()).isEqualTo(404);
    ClientAt tasklist = signedInToTasklist("admin");
    assertRefusal(tasklist.get("/camunda/api/engine/engine/default/task/" + task + "/deployed-form",
        "X-XSRF-TOKEN", tasklist.cookie("XSRF-TOKEN")), 404, null);
  }

  private Answer complete(String task, String how) throws Exception {
    return api.post("/engine-rest/task/" + task + "/complete", "application/json", refuse(how), "Authorization",
        ClientAt.basic("admin", PASSWORD));
  }

  private Answer submitForm(ClientAt tasklist, String task, String how) throws Exception {
    String origin = "http://127.0.0.1:" + port;
    return tasklist.post("/camunda/api/engine/engine/default/task/" + task + "/submit-form", "application/json",
        refuse(how), "X-XSRF-TOKEN", tasklist.cookie("XSRF-TOKEN"), "Origin", origin, "Referer",
        origin + "/camunda/app/tasklist/default/", "Accept", "application/json, text/plain, */*");
  }

  private ClientAt signedInToTasklist(String user) throws Exception {
    return ClientAt.signedInToTasklist(port, user, PASSWORD);
  }

  private void assertRefusal(Answer answer, int status, String field) throws Exception {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = json.readTree(answer.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("message").asText()).as("Tasklist shows Camunda's message member").isNotBlank();
    if (field != null) {
      assertThat(problem.path("field").asText()).isEqualTo(field);
    }
  }
}
