package io.sopflow.sop.review.process;

import static io.sopflow.sop.process.SopReviewProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.sop.review.ReviewOutcome;
import io.sopflow.sop.review.SopReviewApi.TaskDetails;
import io.sopflow.sop.review.SopReviewService;
import java.util.HashMap;
import java.util.Map;
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
      Map<String, Object> shown = new HashMap<>();
      shown.put(SOP_NAME, details.sopName());
      shown.put(VERSION, details.version());
      shown.put(DUE_AT, details.dueAt());
      shown.put(LAST_REVIEWED, details.lastReviewed());
      shown.put(REVIEW_INTERVAL, details.reviewInterval());
      taskForms.show(task, shown);
      return;
    }
    TaskForm form = taskForms.read(task);
    service.recordReview(form.reference(REVIEW_KEY), form.oneOf(OUTCOME, ReviewOutcome.class), form.text(COMMENT, 2000),
        form.actor());
  }
}
