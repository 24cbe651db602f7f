package io.sopflow.platform.process;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Substitutes;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
 * identity links and the delegation, which neither a completion nor the people the task is offered to can change
 * (they work a task but cannot pass it on: {@link TaskAssignmentGuard}), so every SOP's listener gets the same answer.
 * An admin can change the links; the decisions that belong to a group or a person are therefore checked again by the
 * SOPs' services ({@code Directory.requireMemberOfAny}, {@link TaskForm#requireRoutedPerson}).
 */
@Component
public class TaskForms {

  private final CurrentUser currentUser;
  private final Substitutes substitutes;
  private final FormMentions formMentions = new FormMentions();

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
    return new TaskForm(task, actor, actingFor, addressees, formMentions);
  }

  /**
   * The one way a task shows what its form displays of the record, called by the SOP's {@code create} task listener
   * with the record's values: each value the task's Camunda Form mentions (a field key, a name in an expression or
   * text) goes on the task as a task-local variable; values the form does not mention are not stored. Task-local,
   * because Tasklist submits a form's fields back, and only a task-local variable keeps a submitted display value out
   * of the process instance. A task without a Camunda Form of its deployment gets every value.
   *
   * <p>Each stored value is a runtime variable (and, with history, two history rows) written now and deleted when the
   * task completes: a confirmation form that shows three facts of an incident does not pay for its eleven.
   */
  public void show(DelegateTask task, Map<String, ?> values) {
    Optional<Set<String>> mentioned = formMentions.of(task);
    Map<String, Object> shown = new HashMap<>();
    values.forEach((name, value) -> {
      if (mentioned.isEmpty() || mentioned.get().contains(name)) {
        shown.put(name, value);
      }
    });
    task.setVariablesLocal(shown);
  }

  /** A task being created: no person acts, only the task's settings and references are read. */
  public TaskForm settingsOf(DelegateTask task) {
    return new TaskForm(task, null, null, Set.of(), formMentions);
  }
}
