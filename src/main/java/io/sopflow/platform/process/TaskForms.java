package io.sopflow.platform.process;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Substitutes;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one way an SOP's task listener reads a completion: {@code TaskForm form = taskForms.read(task)}. Decisions are
 * made by people, so a completion without an authenticated user (a script on the engine API without
 * authentication, a job) is refused with 403; there is no fallback to the task's assignee or to "system", which
 * would put a decision nobody authenticated into the audit trail.
 *
 * <p>It also says for whom the person acts: the one person the task waits for by name (assignee or candidate user)
 * whose delegation in force names the actor as substitute ({@link TaskForm#actingFor()}). That is read from the task's
 * identity links and the delegation, which a completion cannot change, so every SOP's listener gets the same answer.
 */
@Component
public class TaskForms {

  private final CurrentUser currentUser;
  private final Substitutes substitutes;

  /** Without delegations (process tests). */
  public TaskForms(CurrentUser currentUser) {
    this(currentUser, Substitutes.NONE);
  }

  @Autowired
  public TaskForms(CurrentUser currentUser, Substitutes substitutes) {
    this.currentUser = currentUser;
    this.substitutes = substitutes;
  }

  /** The submitted form of a task being completed, with the person completing it. */
  public TaskForm read(DelegateTask task) {
    String actor = currentUser.id().orElseThrow(() -> new ForbiddenException(
        "Sign in to complete '" + task.getName() + "': a task is completed by a person"));
    Set<String> persons = DelegatedTasks.personsOf(task.getAssignee(), task.getCandidates());
    Set<String> scope = DelegatedTasks.scopeOf(task.getCandidates(), task.getBpmnModelElementInstance());
    Set<String> addressees = new LinkedHashSet<>(persons);
    String actingFor = null;
    for (String person : persons) {
      Optional<String> substitute = substitutes.substituteFor(person, scope);
      if (substitute.isPresent() && !substitute.get().equals(person)) {
        addressees.remove(substitute.get());
        // Only as one the task was offered to: a member of a candidate group who happens to be someone's
        // substitute acts for themselves.
        if (substitute.get().equals(actor) && persons.contains(actor) && actingFor == null) {
          actingFor = person;
        }
      }
    }
    return new TaskForm(task, actor, actingFor, addressees);
  }

  /** A task being created: no person acts, only the task's settings and references are read. */
  public TaskForm settingsOf(DelegateTask task) {
    return new TaskForm(task, null, null, Set.of());
  }
}
