package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.PatchExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskInputGuard} reads what a person submits from protected fields of Camunda's commands (they have no
 * accessors). If a Camunda upgrade renames or retypes one, these fail loudly (and the engine refuses to start, since the
 * fields are resolved when the guard's class loads), instead of letting input through unchecked.
 */
class TaskInputGuardTest {

  @Test
  void theCompletionCommandsCarryTheirTaskAndVariablesWhereTheGuardReadsThem() {
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("confirmation", "CONFIRM");
    sent.put("reviewRequired", false);

    assertThat(TaskInputGuard.taskId(new CompleteTaskCmd("t1", sent))).isEqualTo("t1");
    assertThat(TaskInputGuard.submittedNames(new CompleteTaskCmd("t1", sent)))
        .containsExactly("confirmation", "reviewRequired");
    assertThat(TaskInputGuard.taskId(new ResolveTaskCmd("t2", sent))).isEqualTo("t2");
    assertThat(TaskInputGuard.submittedNames(new ResolveTaskCmd("t2", sent)))
        .containsExactly("confirmation", "reviewRequired");
    assertThat(TaskInputGuard.taskId(new SubmitTaskFormCmd("t3", sent, false, false))).isEqualTo("t3");
    assertThat(TaskInputGuard.submittedNames(new SubmitTaskFormCmd("t3", sent, false, false)))
        .containsExactly("confirmation", "reviewRequired");
    assertThat(TaskInputGuard.submittedNames(new CompleteTaskCmd("t4", null))).isEmpty();
  }

  @Test
  void theVariableCommandsNameTheVariablesTheyWouldChange() {
    Map<String, Object> set = Map.of("incidentNumber", "INC-1");

    assertThat(TaskInputGuard.variableNames(new SetTaskVariablesCmd("t", set, true))).containsExactly("incidentNumber");
    assertThat(TaskInputGuard.variableNames(new RemoveTaskVariablesCmd("t", List.of("reviewRequired"), false)))
        .containsExactly("reviewRequired");
    assertThat(TaskInputGuard.variableNames(new PatchTaskVariablesCmd("t", set, List.of("ownerGroup"), true)))
        .containsExactly("incidentNumber", "ownerGroup");
    assertThat(TaskInputGuard.variableNames(new SetExecutionVariablesCmd("e", set, false)))
        .containsExactly("incidentNumber");
    assertThat(TaskInputGuard.variableNames(new RemoveExecutionVariablesCmd("e", List.of("changeRoute"), true)))
        .containsExactly("changeRoute");
    assertThat(TaskInputGuard.variableNames(new PatchExecutionVariablesCmd("e", null, List.of("sopVersion"), false)))
        .containsExactly("sopVersion");
  }

  @Test
  void displayValuesAreLeftOutOfACompletionTypedOrNot() {
    VariableMap typed = Variables.createVariables().putValueTyped("confirmation", Variables.stringValue("CONFIRM"))
        .putValue("incidentNumber", "INC-999999");
    SubmitTaskFormCmd submit = new SubmitTaskFormCmd("t", typed, false, false);
    CompleteTaskCmd complete = new CompleteTaskCmd("t", Map.of("confirmation", "CONFIRM", "incidentNumber", "INC-9"));

    TaskInputGuard.withoutVariables(submit, Set.of("incidentNumber"));
    TaskInputGuard.withoutVariables(complete, Set.of("incidentNumber"));

    assertThat(TaskInputGuard.submittedNames(submit)).containsExactly("confirmation");
    VariableMap kept = (VariableMap) readField(TaskInputGuard.SUBMIT_VARIABLES, submit);
    assertThat((Object) kept.getValueTyped("confirmation")).isEqualTo(Variables.stringValue("CONFIRM"));
    assertThat(TaskInputGuard.submittedNames(complete)).containsExactly("confirmation");
  }

  private static Object readField(java.lang.reflect.Field field, Object command) {
    try {
      return field.get(command);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
