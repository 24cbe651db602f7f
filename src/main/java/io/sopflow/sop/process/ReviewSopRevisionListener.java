package io.sopflow.sop.process;

import static io.sopflow.sop.process.SopRevisionProcess.*;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.SopApi.ReviewDetails;
import io.sopflow.sop.SopRevisionService;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Review SOP revision". On create: the version tag, author, checks and change summary go on the task for the form
 * (task-local), and the author may no longer read this task (a user REVOKE beats the owner group's grant on it), so
 * Tasklist never offers it to the person who deployed the revision. On complete: approve or reject with notes; the
 * author is refused by the four-eyes rule (403 problem+json, also through {@code /engine-rest}) before anything is
 * recorded, and so is anyone outside the SOP's owner group (the managers too once the review is escalated) whom the
 * task reached anyway (the service). Only READ is revoked, not TASK_WORK: a refusal by the engine's authorization
 * check would answer Camunda's own 403, not the SOP rule's problem+json that names the reason.
 */
@Component("reviewSopRevisionListener")
public class ReviewSopRevisionListener implements TaskListener {

  private final SopRevisionService revisions;
  private final TaskForms taskForms;
  private final AuthorizationService authorizationService;
  private final WithoutCallerAuthorizations withoutCaller;

  public ReviewSopRevisionListener(SopRevisionService revisions, TaskForms taskForms,
      AuthorizationService authorizationService, WithoutCallerAuthorizations withoutCaller) {
    this.revisions = revisions;
    this.taskForms = taskForms;
    this.authorizationService = authorizationService;
    this.withoutCaller = withoutCaller;
  }

  @Override
  public void notify(DelegateTask task) {
    String processKey = (String) task.getVariable(SOP_PROCESS_KEY);
    int version = (Integer) task.getVariable(SOP_VERSION);
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      ReviewDetails details = revisions.reviewDetails(processKey, version);
      Map<String, Object> shown = new HashMap<>();
      shown.put(VERSION_TAG, details.versionTag());
      shown.put(VERSION_IN_FORCE, details.versionInForce());
      shown.put(CHECKS, details.checks());
      shown.put(CHANGE_SUMMARY, details.changeSummary());
      taskForms.show(task, shown);
      hideFromAuthor(task.getId(), details.author());
      return;
    }
    TaskForm form = taskForms.read(task);
    if (form.actor().equals(task.getVariable(AUTHOR))) {
      throw new ForbiddenException(form.actor() + " deployed this revision and may not review it: a second process "
          + "owner decides (four-eyes)");
    }
    String notes = form.requiredText(REVISION_NOTES, 2000);
    String ownerGroup = form.reference(OWNER_GROUP);
    if (form.decision(REVISION_APPROVED)) {
      revisions.approve(processKey, version, form.actor(), ownerGroup, notes);
    } else {
      revisions.reject(processKey, version, form.actor(), ownerGroup, notes);
    }
  }

  private void hideFromAuthor(String taskId, String author) {
    withoutCaller.call(() -> {
      Authorization revoke = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
      revoke.setUserId(author);
      revoke.setResource(Resources.TASK);
      revoke.setResourceId(taskId);
      revoke.removePermission(Permissions.READ);
      revoke.removePermission(TaskPermissions.READ_VARIABLE);
      return authorizationService.saveAuthorization(revoke);
    });
  }
}
