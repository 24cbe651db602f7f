package io.sopflow.securityincident.process;

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
 * the service's start binds this instance ({@link ProcessStarts#onStartEvent}).
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
    processStarts.onStartEvent(execution,
        () -> service.report(startForms.read(execution, ReportSecurityIncident.class)));
  }
}
