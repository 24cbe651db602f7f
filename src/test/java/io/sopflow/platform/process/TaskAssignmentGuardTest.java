package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskAssignmentGuard} reads whom a claim or an assignment names from protected fields of Camunda's commands. If
 * a Camunda upgrade renames or retypes one, this fails (and the engine refuses to start) instead of letting a person
 * claim a task for someone else.
 */
class TaskAssignmentGuardTest {

  @Test
  void claimsAndAssignmentsCarryTheirTaskAndUserWhereTheGuardReadsThem() {
    assertThat(CommandFields.read(TaskAssignmentGuard.CLAIM_TASK_ID, new ClaimTaskCmd("t1", "desk"))).isEqualTo("t1");
    assertThat(CommandFields.read(TaskAssignmentGuard.CLAIM_USER_ID, new ClaimTaskCmd("t1", "desk")))
        .isEqualTo("desk");
    assertThat(CommandFields.read(TaskAssignmentGuard.CLAIM_USER_ID, new ClaimTaskCmd("t1", null))).isNull();
    assertThat(CommandFields.read(TaskAssignmentGuard.ASSIGN_TASK_ID, new AssignTaskCmd("t2", "desk")))
        .isEqualTo("t2");
    assertThat(CommandFields.read(TaskAssignmentGuard.ASSIGN_USER_ID, new AssignTaskCmd("t2", "desk")))
        .isEqualTo("desk");
    assertThat(CommandFields.read(TaskAssignmentGuard.ASSIGN_USER_ID, new AssignTaskCmd("t2", null))).isNull();
  }
}
