package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantCommandChecker;
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

  @Test
  void camundasAuthorizationCheckerIsReplacedAndTheOthersStay() {
    TenantCommandChecker tenants = new TenantCommandChecker();
    List<CommandChecker> checkers = new ArrayList<>(List.of(new AuthorizationCommandChecker(), tenants));

    TaskAssignmentGuard.replaceAuthorizationChecker(checkers);

    assertThat(checkers).hasSize(2);
    assertThat(checkers.get(0)).isExactlyInstanceOf(TaskAssignmentGuard.NoHandOverByUpdate.class);
    assertThat(checkers.get(1)).isSameAs(tenants);
  }

  @Test
  void theStartUpFailsNamingWhatItFoundUnlessExactlyOneCheckerIsCamundasOwn() {
    class SomePluginsChecker extends AuthorizationCommandChecker {
    }
    List<CommandChecker> none = new ArrayList<>(List.of(new TenantCommandChecker()));
    List<CommandChecker> subclass = new ArrayList<>(List.of(new SomePluginsChecker(), new TenantCommandChecker()));
    List<CommandChecker> two = new ArrayList<>(List.of(new AuthorizationCommandChecker(),
        new AuthorizationCommandChecker()));

    assertThatThrownBy(() -> TaskAssignmentGuard.replaceAuthorizationChecker(none))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("found 0")
        .hasMessageContaining(TenantCommandChecker.class.getName());
    assertThatThrownBy(() -> TaskAssignmentGuard.replaceAuthorizationChecker(subclass))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("found 0")
        .hasMessageContaining(SomePluginsChecker.class.getName());
    assertThatThrownBy(() -> TaskAssignmentGuard.replaceAuthorizationChecker(two))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("found 2");
    assertThat(subclass.get(0)).as("nothing replaced").isExactlyInstanceOf(SomePluginsChecker.class);
    assertThat(two).allMatch(c -> c.getClass() == AuthorizationCommandChecker.class);
  }
}
