package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.release.ReleaseService;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Reschedule release": RESCHEDULE with a new window (ending after it starts, and in the future) sets the
 * window timers' dates again; CANCEL needs a reason and cancels the release.
 */
@Component("rescheduleListener")
public class RescheduleListener implements TaskListener {

  private final ReleaseService releaseService;
  private final CurrentUser currentUser;

  public RescheduleListener(ReleaseService releaseService, CurrentUser currentUser) {
    this.releaseService = releaseService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String decision = FormValues.text(task, RESCHEDULE_DECISION);
    String key = (String) task.getVariable(RELEASE_KEY);
    String reason = FormValues.text(task, RESCHEDULE_REASON);
    if (CANCEL.equals(decision)) {
      if (reason == null) {
        throw new BadUserRequestException(RESCHEDULE_REASON + ": give the reason for cancelling");
      }
      releaseService.cancelAfterMissedWindow(key, FormValues.actor(currentUser), reason);
      return;
    }
    if (!RESCHEDULE.equals(decision)) {
      throw new BadUserRequestException(RESCHEDULE_DECISION + ": choose " + RESCHEDULE + " or " + CANCEL);
    }
    Instant start = Windows.parse(task.getVariable(NEW_WINDOW_START));
    Instant end = Windows.parse(task.getVariable(NEW_WINDOW_END));
    if (start == null) {
      throw new BadUserRequestException(NEW_WINDOW_START + ": give the new window's start (ISO-8601)");
    }
    if (end == null) {
      throw new BadUserRequestException(NEW_WINDOW_END + ": give the new window's end (ISO-8601)");
    }
    try {
      releaseService.reschedule(key, FormValues.actor(currentUser), start, end, reason);
    } catch (IllegalArgumentException refused) {
      throw new BadUserRequestException(NEW_WINDOW_END + ": " + refused.getMessage());
    }
    task.setVariable(WINDOW_START_DATE, Date.from(start));
    task.setVariable(WINDOW_END_DATE, Date.from(end));
    task.setVariable(RELEASE_WINDOW, Windows.describe(start, end));
  }
}
