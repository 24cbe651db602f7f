package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one task-completion reader: who acts, what a setting is, and what input is refused. */
class TaskFormTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private String actor = "cab1";
  private Function<TaskForm, Object> reading = TaskForm::actor;
  private final List<Object> read = new ArrayList<>();

  @BeforeEach
  void deploy() {
    CurrentUser currentUser = new CurrentUser() {
      @Override
      public Optional<String> id() {
        return Optional.ofNullable(actor);
      }

      @Override
      public Set<String> groups() {
        return Set.of();
      }
    };
    TaskForms taskForms = new TaskForms(currentUser);
    TaskListener listener = task -> read.add(reading.apply(taskForms.read(task)));
    Mocks.register("probeCompleteListener", listener);
    engine.manageDeployment(engine.getRepositoryService().createDeployment().addModelInstance("probe.bpmn",
        Bpmn.createExecutableProcess("Process_TaskFormProbe").camundaHistoryTimeToLive(1)
            .startEvent().userTask("Task_Decide").name("Decide")
            .camundaInputParameter("approvalStage", "REVIEW")
            .camundaTaskListenerDelegateExpression(TaskListener.EVENTNAME_COMPLETE, "${probeCompleteListener}")
            .endEvent().done()).deploy());
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  private void complete(Map<String, Object> variables) {
    String instance = engine.getRuntimeService().startProcessInstanceByKey("Process_TaskFormProbe").getId();
    // A refused completion leaves its task open: each case works on its own instance.
    String id = engine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult().getId();
    engine.getTaskService().complete(id, variables);
  }

  @Test
  void aSettingComesFromTheModelAndACompletionCannotOverwriteIt() {
    reading = form -> form.setting("approvalStage");
    complete(Map.of("approvalStage", "MANAGER"));
    assertThat(read).containsExactly("REVIEW");
  }

  enum Stage { REVIEW, MANAGER }

  enum Step { IMPLEMENT }

  @Test
  void anEnumSettingIsOneOfItsConstantsAndAnythingElseIsAModellingErrorNamingTaskAndValues() {
    reading = form -> form.setting("approvalStage", Stage.class);
    complete(Map.of("approvalStage", "MANAGER"));
    assertThat(read).containsExactly(Stage.REVIEW);

    reading = form -> form.setting("approvalStage", Step.class);
    assertThatThrownBy(() -> complete(Map.of())).rootCause().isInstanceOf(IllegalStateException.class)
        .hasMessage("Input parameter 'approvalStage' of Task_Decide must be one of [IMPLEMENT], not 'REVIEW'");
    reading = form -> form.setting("workStep", Step.class);
    assertThatThrownBy(() -> complete(Map.of())).rootCause().isInstanceOf(IllegalStateException.class)
        .hasMessage("Input parameter 'workStep' is missing on Task_Decide");
  }

  @Test
  void theActorIsTheAuthenticatedPersonAndNobodyElse() {
    complete(Map.of());
    assertThat(read).containsExactly("cab1");

    actor = null;
    assertThatThrownBy(() -> complete(Map.of())).hasRootCauseInstanceOf(ForbiddenException.class);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    reading = form -> form.requiredText("notes");
    assertThatThrownBy(() -> complete(Map.of("notes", "  "))).rootCause()
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("notes"));
    assertThatThrownBy(() -> complete(Map.of("notes", "ok\u0000"))).rootCause()
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage()).contains("control"));
    assertThatThrownBy(() -> complete(Map.of("notes", "half \ud800 a pair"))).rootCause()
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage()).contains("surrogate"));

    reading = form -> form.decision("approved");
    assertThatThrownBy(() -> complete(Map.of("approved", "maybe"))).rootCause()
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("approved"));
    Map<String, Object> none = new HashMap<>();
    assertThatThrownBy(() -> complete(none)).rootCause()
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("approved"));

    reading = form -> form.requiredInstant("windowStart");
    assertThatThrownBy(() -> complete(Map.of("windowStart", "not-a-date"))).rootCause()
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("windowStart"));
    complete(Map.of("windowStart", "2026-12-07T09:00:00+01:00"));
    assertThat(read).containsExactly(java.time.Instant.parse("2026-12-07T08:00:00Z"));
  }
}
