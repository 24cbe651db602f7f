package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Resolve without answer": the reporter left the question unanswered until {@code requesterTimeoutAt}; the incident
 * is resolved and goes to confirmation like any resolution (the reporter is told and may reopen).
 */
@Component("resolveUnansweredDelegate")
public class ResolveUnansweredDelegate implements JavaDelegate {

  private final IncidentService incidentService;

  public ResolveUnansweredDelegate(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(AUTO_CLOSE_AT,
        Date.from(incidentService.resolveUnanswered((String) execution.getVariable(INCIDENT_NUMBER))));
  }
}
