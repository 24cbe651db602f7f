package io.sopflow.incident.process;

import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.incident.IncidentService;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * "Incident reported" started from Tasklist's start form ({@code Form_ReportIncident}): the form is read into the
 * same request {@code POST /api/incidents} takes, with the same rules, and the incident is reported exactly as the API
 * reports it; the service's start binds this instance. A refusal (400 naming the field) rolls the start back
 * ({@link ProcessStarts#onStartEvent}).
 */
@Component("reportIncidentStartListener")
public class ReportIncidentStartListener implements ExecutionListener {

  private final IncidentService incidentService;
  private final ProcessStarts processStarts;
  private final StartForms startForms;

  public ReportIncidentStartListener(IncidentService incidentService, ProcessStarts processStarts,
      StartForms startForms) {
    this.incidentService = incidentService;
    this.processStarts = processStarts;
    this.startForms = startForms;
  }

  @Override
  public void notify(DelegateExecution execution) {
    processStarts.onStartEvent(execution,
        () -> incidentService.report(startForms.read(execution, ReportIncident.class)));
  }
}
