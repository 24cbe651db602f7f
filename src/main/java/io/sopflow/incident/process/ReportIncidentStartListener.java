package io.sopflow.incident.process;

import io.sopflow.domain.ConflictException;
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
 * reports it; the service's start binds this instance. A refusal (400 naming the field) rolls the start back. An
 * instance started by the service itself (the API path) already has its business key and a record waiting for it.
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

  /** A refusal (bad input, no permission) goes out as it is: EngineRefusals answers it with its status. */
  @Override
  public void notify(DelegateExecution execution) {
    String businessKey = execution.getProcessBusinessKey();
    if (businessKey == null) {
      processStarts.fromStartForm(execution,
          () -> incidentService.report(startForms.read(execution, ReportIncident.class)));
    } else if (!incidentService.awaitsItsProcess(businessKey)) {
      // The service starts the process of a record it just stored (the API path) with that record's number. Anything
      // else, e.g. an engine REST start with a made-up business key, would be a process without its record.
      throw new ConflictException("An incident's process starts with its record: report the incident through the "
          + "start form or POST /api/incidents (" + businessKey + " is no incident waiting for its process)");
    }
  }
}
