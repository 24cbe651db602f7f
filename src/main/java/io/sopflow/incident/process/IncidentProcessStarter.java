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

  @EventListener
  void onReported(IncidentReported event) {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(PROCESS_KEY, event.number(),
        Variables.createVariables()
            .putValue(INCIDENT_NUMBER, event.number())
            .putValue(INCIDENT_TITLE, event.title())
            .putValue(PRIORITY, event.priority().name())
            .putValue(REPORTER, event.reporter())
            .putValue(ASSIGNMENT_GROUP, event.assignmentGroup())
            .putValue(ESCALATION_LEVEL, event.escalationLevel())
            .putValue(MAJOR_INCIDENT, event.priority().isMajor())
            .putValue(REVIEW_REQUIRED, event.priority().needsReview())
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
      // The question is still being mailed (the process is not at the wait yet): refuse, nothing is stored.
      throw new ConflictException("Incident " + event.number() + " is not waiting for a reply yet; try again shortly");
    }
  }
}
