package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.release.ReleaseService;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Reschedule release": RESCHEDULE with a new window ({@code windowStart}, {@code windowEnd}: ending after
 * it starts, and in the future, as the release checks) sets the window timers' dates again; CANCEL needs a reason and
 * cancels the release.
 */
@Component("rescheduleListener")
public class RescheduleListener implements TaskListener {

  private final ReleaseService releaseService;
  private final TaskForms taskForms;

  public RescheduleListener(ReleaseService releaseService, TaskForms taskForms) {
    this.releaseService = releaseService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String key = form.reference(RELEASE_KEY);
    String decision = form.oneOf(RESCHEDULE_DECISION, List.of(RESCHEDULE, CANCEL));
    if (CANCEL.equals(decision)) {
      releaseService.cancelAfterMissedWindow(key, form.actor(), form.requiredText(RESCHEDULE_REASON));
      return;
    }
    Instant start = form.requiredInstant(NEW_WINDOW_START);
    Instant end = form.requiredInstant(NEW_WINDOW_END);
    releaseService.reschedule(key, form.actor(), start, end, form.text(RESCHEDULE_REASON));
    task.setVariable(WINDOW_START_DATE, Date.from(start));
    task.setVariable(WINDOW_END_DATE, Date.from(end));
  }
}
