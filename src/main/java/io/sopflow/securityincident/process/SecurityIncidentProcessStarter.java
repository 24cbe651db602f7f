package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.securityincident.SecurityIncidentReported;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a reported security incident inside the service's transaction, through {@link ProcessStarts}:
 * one code path for {@code POST /api/security-incidents} and the Tasklist start form.
 */
@Component
class SecurityIncidentProcessStarter {

  private final SecurityIncidentService service;
  private final ProcessStarts processStarts;

  SecurityIncidentProcessStarter(SecurityIncidentService service, ProcessStarts processStarts) {
    this.service = service;
    this.processStarts = processStarts;
  }

  @EventListener
  void onReported(SecurityIncidentReported event) {
    String processInstanceId = processStarts.start(PROCESS_KEY, event.number(), Variables.createVariables()
        .putValue(NUMBER, event.number())
        .putValue(REPORTER, event.reporter())
        .putValue(PERSONAL_DATA_INVOLVED, event.personalDataInvolved())
        .putValue(SEVERITY, event.severity().name()));
    service.processStarted(event.number(), processInstanceId);
  }
}
