package io.sopflow.securityincident.process;

import io.sopflow.domain.ConflictException;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import io.sopflow.securityincident.SecurityIncidentApi.ReportSecurityIncident;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * "Security incident reported" started from Tasklist's start form ({@code Form_ReportSecurityIncident}): read into the
 * request {@code POST /api/security-incidents} takes, with the same rules, and reported exactly as the API reports it;
 * the service's start binds this instance. An instance started by the service itself already has its business key.
 */
@Component("reportSecurityIncidentStartListener")
public class ReportSecurityIncidentStartListener implements ExecutionListener {

  private final SecurityIncidentService service;
  private final ProcessStarts processStarts;
  private final StartForms startForms;

  public ReportSecurityIncidentStartListener(SecurityIncidentService service, ProcessStarts processStarts,
      StartForms startForms) {
    this.service = service;
    this.processStarts = processStarts;
    this.startForms = startForms;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String businessKey = execution.getProcessBusinessKey();
    if (businessKey == null) {
      processStarts.fromStartForm(execution,
          () -> service.report(startForms.read(execution, ReportSecurityIncident.class)));
    } else if (!service.awaitsItsProcess(businessKey)) {
      throw new ConflictException("A security incident's process starts with its record: report it through the "
          + "start form or POST /api/security-incidents (" + businessKey + " is no security incident waiting for "
          + "its process)");
    }
  }
}
