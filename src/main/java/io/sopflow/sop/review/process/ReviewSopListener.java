package io.sopflow.sop.review.process;

import static io.sopflow.sop.process.SopReviewProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.sop.review.ReviewOutcome;
import io.sopflow.sop.review.SopReviewApi.TaskDetails;
import io.sopflow.sop.review.SopReviewService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Review SOP": on create, what the form shows goes on the task (task-local); on complete, the outcome
 * ({@code NO_CHANGE_NEEDED} or {@code REVISION_PLANNED}) and comment are recorded with the person who completed it.
 */
@Component("reviewSopListener")
public class ReviewSopListener implements TaskListener {

  private final SopReviewService service;
  private final TaskForms taskForms;

  public ReviewSopListener(SopReviewService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      TaskDetails details = service.taskDetails(taskForms.settingsOf(task).reference(REVIEW_KEY));
      task.setVariableLocal(SOP_NAME, details.sopName());
      task.setVariableLocal(VERSION, details.version());
      task.setVariableLocal(DUE_AT, details.dueAt());
      task.setVariableLocal(LAST_REVIEWED, details.lastReviewed());
      task.setVariableLocal(REVIEW_INTERVAL, details.reviewInterval());
      return;
    }
    TaskForm form = taskForms.read(task);
    service.recordReview(form.reference(REVIEW_KEY), form.oneOf(OUTCOME, ReviewOutcome.class), form.text(COMMENT, 2000),
        form.actor());
  }
}
