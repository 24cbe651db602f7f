package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentReported;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.RequesterReplied;
import io.sopflow.domain.ConflictException;
import java.util.Date;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a reported incident and delivers the reporter's reply, synchronously inside the service's
 * transaction: the record and the engine state commit together, or not at all.
 */
@Component
class IncidentProcessStarter {

  private final RuntimeService runtimeService;
  private final IncidentService incidentService;

  IncidentProcessStarter(RuntimeService runtimeService, IncidentService incidentService) {
    this.runtimeService = runtimeService;
    this.incidentService = incidentService;
  }

  /**
   * Variables are references (number, reporter), decisions (major incident, review required, assignment group,
   * escalation level) and the SLA dates of timers and due dates; what the forms show is read from the record.
   */
  @EventListener
  void onReported(IncidentReported event) {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(PROCESS_KEY, event.number(),
        Variables.createVariables()
            .putValue(INCIDENT_NUMBER, event.number())
            .putValue(REPORTER, event.reporter())
            .putValue(ASSIGNMENT_GROUP, event.assignmentGroup())
            .putValue(ESCALATION_LEVEL, event.escalationLevel())
            .putValue(MAJOR_INCIDENT, event.majorIncident())
            .putValue(REVIEW_REQUIRED, event.reviewRequired())
            .putValue(RESPONSE_WARNING_AT, Date.from(event.responseWarningAt()))
            .putValue(RESPONSE_DUE_AT, Date.from(event.responseDueAt()))
            .putValue(RESOLUTION_WARNING_AT, Date.from(event.resolutionWarningAt()))
            .putValue(RESOLUTION_DUE_AT, Date.from(event.resolutionDueAt())));
    incidentService.processStarted(event.number(), instance.getId());
  }

  @EventListener
  void onRequesterReplied(RequesterReplied event) {
    try {
      runtimeService.createMessageCorrelation(MESSAGE_REQUESTER_REPLIED)
          .processInstanceBusinessKey(event.number())
          .setVariable(RESOLUTION_WARNING_AT, Date.from(event.resolutionWarningAt()))
          .setVariable(RESOLUTION_DUE_AT, Date.from(event.resolutionDueAt()))
          .correlate();
    } catch (MismatchingMessageCorrelationException e) {
      // The question is mailed in the step that records it, so the process waits whenever the record does. Only an
      // instance of an older version (the mail was an asynchronous step) can still be short of the wait: refuse, and
      // nothing is stored.
      throw new ConflictException("Incident " + event.number() + " is not waiting for a reply yet; try again shortly");
    }
  }
}
