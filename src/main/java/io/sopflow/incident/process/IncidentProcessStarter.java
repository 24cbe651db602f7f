package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.domain.ConflictException;
import io.sopflow.incident.IncidentReported;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.ProblemFixAnnounced;
import io.sopflow.incident.RequesterReplied;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import java.util.Date;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a reported incident and delivers the reporter's reply given through the API, synchronously
 * inside the service's transaction: the record and the engine state commit together, or not at all. The start goes
 * through {@link ProcessStarts}, so an incident reported through Tasklist's start form binds the instance being
 * started instead of starting a second one: one code path for {@code POST /api/incidents} and the start form.
 */
@Component
class IncidentProcessStarter {

  private final RuntimeService runtimeService;
  private final IncidentService incidentService;
  private final ProcessStarts processStarts;
  private final WithoutCallerAuthorizations withoutCallerAuthorizations;

  IncidentProcessStarter(RuntimeService runtimeService, IncidentService incidentService,
      ProcessStarts processStarts, WithoutCallerAuthorizations withoutCallerAuthorizations) {
    this.withoutCallerAuthorizations = withoutCallerAuthorizations;
    this.runtimeService = runtimeService;
    this.incidentService = incidentService;
    this.processStarts = processStarts;
  }

  /**
   * Variables are references (number, reporter), decisions (major incident, review required, assignment group,
   * escalation level), the tasks' priority and the SLA dates of timers and due dates; what the forms show is read
   * from the record.
   */
  @EventListener
  void onReported(IncidentReported event) {
    String processInstanceId = processStarts.start(PROCESS_KEY, event.number(),
        Variables.createVariables()
            .putValue(INCIDENT_NUMBER, event.number())
            .putValue(REPORTER, event.reporter())
            .putValue(ASSIGNMENT_GROUP, event.assignmentGroup())
            .putValue(ESCALATION_LEVEL, event.escalationLevel())
            .putValue(MAJOR_INCIDENT, event.majorIncident())
            .putValue(READY_TO_CLOSE, false)
            .putValue(REVIEW_REQUIRED, event.reviewRequired())
            .putValue(TASK_PRIORITY, event.taskPriority())
            .putValue(RESPONSE_WARNING_AT, Date.from(event.responseWarningAt()))
            .putValue(RESPONSE_DUE_AT, Date.from(event.responseDueAt()))
            .putValue(RESOLUTION_WARNING_AT, Date.from(event.resolutionWarningAt()))
            .putValue(RESOLUTION_DUE_AT, Date.from(event.resolutionDueAt())));
    incidentService.processStarted(event.number(), processInstanceId);
  }

  /**
   * The change of the incident's problem fixed its cause while the incident waits in "Resolve incident": the message
   * ends that task (its boundary event) and the process resolves the incident and asks the reporter to confirm.
   */
  @EventListener
  void onProblemFixAnnounced(ProblemFixAnnounced event) {
    // The problem manager who verified the fix has no rights on incident instances, and needs none.
    withoutCallerAuthorizations.call(() -> runtimeService.createMessageCorrelation(MESSAGE_PROBLEM_FIXED)
        .processInstanceBusinessKey(event.number())
        .setVariable(FIXED_BY_PROBLEM, event.problemNumber())
        .correlateAllWithResult());
  }

  /**
   * The reporter answered through {@code POST /api/incidents/{n}/comments}: the message ends "Answer question" (its
   * boundary event) and resolution resumes with the moved dates. An answer in Tasklist completes that task instead.
   */
  @EventListener
  void onRequesterReplied(RequesterReplied event) {
    try {
      runtimeService.createMessageCorrelation(MESSAGE_REQUESTER_REPLIED)
          .processInstanceBusinessKey(event.number())
          .setVariable(RESOLUTION_WARNING_AT, Date.from(event.resolutionWarningAt()))
          .setVariable(RESOLUTION_DUE_AT, Date.from(event.resolutionDueAt()))
          .correlate();
    } catch (MismatchingMessageCorrelationException e) {
      // The question and its task are recorded in the step that asks, so the process waits whenever the record does.
      // Only an instance of an older version can be short of the wait: refuse, and nothing is stored.
      throw new ConflictException("Incident " + event.number() + " is not waiting for a reply yet; try again shortly");
    }
  }
}
