package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.domain.InvalidRequestException;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One code path for a record raised through the API and through Tasklist's start form: the service saves the record
 * and calls {@link ProcessStarts#start}; from a start form that binds the instance being started instead of starting a
 * second one, and the form's fields leave the instance once they are in the record.
 */
class ProcessStartsTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  static final String PROCESS = "Process_StartFormProbe";

  /** The request record of the probe SOP, as its REST controller would take it. */
  record RaiseProbe(@NotBlank @Size(max = 20) String title, int count) {}

  private final List<String> records = new ArrayList<>();
  private ProcessStarts processStarts;
  private StartForms startForms;
  private RuntimeService runtimeService;

  @BeforeEach
  void setUp() {
    runtimeService = engine.getRuntimeService();
    processStarts = new ProcessStarts(runtimeService);
    startForms = new StartForms(new ObjectMapper().findAndRegisterModules(),
        Validation.buildDefaultValidatorFactory().getValidator());
    // The probe SOP's start listener, in the one shape every SOP's has.
    ExecutionListener startFormListener = execution ->
        processStarts.onStartEvent(execution, () -> raise(startForms.read(execution, RaiseProbe.class)));
    Mocks.register("probeStartFormListener", startFormListener);
    BpmnModelInstance model = Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
        .startEvent("StartEvent_ProbeRaised")
        .camundaExecutionListenerDelegateExpression(ExecutionListener.EVENTNAME_START, "${probeStartFormListener}")
        .userTask("Task_WorkOnProbe")
        .endEvent("EndEvent_ProbeDone").done();
    engine.manageDeployment(engine.getRepositoryService().createDeployment()
        .addModelInstance(PROCESS + ".bpmn", model).deploy());
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
  }

  /** The probe SOP's service: saves the record, then lets its process start (as every SOP's starter does). */
  private String raise(RaiseProbe request) {
    String key = "PRB-" + (records.size() + 1);
    records.add(key + ":" + request.title());
    processStarts.start(PROCESS, key, Map.of("probeKey", key, "count", request.count()));
    return key;
  }

  @Test
  void aStartFormSubmissionRaisesTheRecordAndBindsTheInstanceBeingStarted() {
    String definitionId = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS)
        .singleResult().getId();

    ProcessInstance instance = engine.getFormService().submitStartForm(definitionId,
        Map.of("title", "Printer jam", "count", 3, "hint", "a field for people only"));

    assertThat(records).containsExactly("PRB-1:Printer jam");
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS).count()).isOne();
    assertThat(instance.getBusinessKey()).isEqualTo("PRB-1");
    assertThat(runtimeService.getVariables(instance.getId()))
        .as("references only: the form's fields are in the record now")
        .containsOnlyKeys("probeKey", "count").containsEntry("probeKey", "PRB-1");
  }

  @Test
  void aRefusedStartFormStartsNothing() {
    String definitionId = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS)
        .singleResult().getId();

    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId,
        Map.of("title", "  ", "count", 1)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("title"));
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId,
        Map.of("title", "Fine", "count", "three")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("count"));

    assertThat(records).isEmpty();
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS).count()).isZero();
  }

  @Test
  void aRecordRaisedThroughTheApiStartsItsOwnInstance() {
    String key = raise(new RaiseProbe("VPN down", 1));

    ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(key)
        .singleResult();
    assertThat(instance).isNotNull();
    assertThat(runtimeService.getVariables(instance.getId())).containsEntry("probeKey", key);
  }

  @Test
  void aStartThatBringsABusinessKeyOfItsOwnIsRefusedAndStartsNothing() {
    // What /engine-rest/process-definition/key/.../start with a made-up key would do: an instance without its record.
    assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey(PROCESS, "PRB-999", Map.of("title", "x")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("businessKey"));
    String definitionId = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS)
        .singleResult().getId();
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId, "PRB-998",
        Map.of("title", "Printer jam", "count", 3)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("businessKey"));

    assertThat(records).as("no record raised").isEmpty();
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS).count()).isZero();
  }

  @Test
  void onlyTheKeyBeingStartedPassesNotAnotherStartedInsideIt() {
    // A record's start that starts a second instance with another key inside it (a listener gone wrong, a nested
    // SOP): the inner key is not the one being started.
    ExecutionListener nested = execution -> {
      processStarts.onStartEvent(execution, () -> null);
      if ("PRB-OUTER".equals(execution.getProcessBusinessKey())) {
        runtimeService.startProcessInstanceByKey(PROCESS, "PRB-SMUGGLED");
      }
    };
    Mocks.register("probeStartFormListener", nested);

    assertThatThrownBy(() -> processStarts.start(PROCESS, "PRB-OUTER", Map.of()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage()).contains("PRB-SMUGGLED"));
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS).count()).isZero();
  }
}
