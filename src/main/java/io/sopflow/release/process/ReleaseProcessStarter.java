package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.release.ReleaseRequested;
import io.sopflow.release.ReleaseService;
import io.sopflow.release.ReleaseSlaProperties;
import io.sopflow.sla.SlaDates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the release its process instance in the transaction that saved the release: both exist, or neither. Through
 * {@link ProcessStarts}, so a release requested through {@code POST /api/releases} gets a new instance and one requested
 * through Tasklist's start form binds the instance being started: one code path. The variables are references, the
 * window's dates (the record holds them; the window timers wait for them) and the go/no-go decision's SLA dates.
 */
@Component
class ReleaseProcessStarter {

  private final ProcessStarts processStarts;
  private final ReleaseService releaseService;
  private final SlaDates slaDates;
  private final Clock clock;

  ReleaseProcessStarter(ProcessStarts processStarts, ReleaseService releaseService, SlaDates slaDates, Clock clock) {
    this.processStarts = processStarts;
    this.releaseService = releaseService;
    this.slaDates = slaDates;
    this.clock = clock;
  }

  @EventListener
  void on(ReleaseRequested release) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(RELEASE_KEY, release.key());
    variables.put(CHANGE_NUMBER, release.changeNumber());
    variables.put(RELEASE_REQUESTER, release.requestedBy());
    variables.put(RELEASE_IMPLEMENTER, release.implementer() == null ? "" : release.implementer());
    variables.put(WINDOW_START_DATE, Date.from(release.windowStart()));
    variables.put(WINDOW_END_DATE, Date.from(release.windowEnd()));
    GoDecisionDates goDecision = GoDecisionDates.of(clock.instant(),
        slaDates.reminder(ReleaseSlaProperties.GO_DECISION).toInstant(),
        slaDates.escalation(ReleaseSlaProperties.GO_DECISION).toInstant(), release.windowStart());
    variables.put(GO_DECISION_REMINDER_DATE, Date.from(goDecision.reminder()));
    variables.put(GO_DECISION_DUE_DATE, Date.from(goDecision.due()));
    String processInstanceId = processStarts.start(PROCESS_KEY, release.key(), variables);
    releaseService.attachProcessInstance(release.id(), processInstanceId);
  }

  /**
   * The go/no-go decision's dates: its SLA ({@code sopflow.sla.release.go-decision}), capped so that the decision is
   * due no later than the window opens (a GO after that only finds the window already running). A window that is
   * already open makes the decision due now. A reminder that would not come before the capped due date comes halfway
   * between now and that date instead (or with it, when it is due now).
   */
  record GoDecisionDates(Instant reminder, Instant due) {

    static GoDecisionDates of(Instant now, Instant slaReminder, Instant slaEscalation, Instant windowStart) {
      Instant due = slaEscalation.isAfter(windowStart) ? windowStart : slaEscalation;
      if (due.isBefore(now)) {
        due = now;
      }
      Instant reminder = slaReminder;
      if (!reminder.isBefore(due)) {
        reminder = due.isAfter(now) ? now.plus(Duration.between(now, due).dividedBy(2)) : due;
      }
      return new GoDecisionDates(reminder, due);
    }
  }
}
