package io.sopflow.incident.process;

import io.sopflow.audit.AuditEvent;
import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Level;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Starts the incident SOP from another SOP's model (element template "Start a linked SOP: open an incident",
 * {@code processes/.camunda/element-templates/open-linked-incident.json}): input parameters {@code title},
 * {@code description}, {@code impact}, {@code urgency}, {@code category}, {@code configurationItem}; the incident
 * names the record that raised it (the process's business key) and its number is kept in the variable named by
 * {@code resultVariable} (default {@code linkedIncidentNumber}). It is reported by {@code system} through the same
 * path as every incident, so the category and the other fields are checked as for the API.
 */
@Component("openLinkedIncidentDelegate")
public class OpenLinkedIncidentDelegate implements JavaDelegate {

  static final String DEFAULT_RESULT_VARIABLE = "linkedIncidentNumber";

  private final IncidentService incidents;

  public OpenLinkedIncidentDelegate(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String raisedBy = execution.getProcessBusinessKey();
    String description = text(execution, "description") + (raisedBy == null ? "" : "\nRaised by " + raisedBy + ".");
    String number = incidents.reportBySystem(AuditEvent.SYSTEM, new ReportIncident(text(execution, "title"),
        description, Level.valueOf(text(execution, "impact")), Level.valueOf(text(execution, "urgency")),
        text(execution, "category"), (String) execution.getVariableLocal("configurationItem"))).number();
    Object resultVariable = execution.getVariableLocal("resultVariable");
    execution.setVariable(resultVariable == null || String.valueOf(resultVariable).isBlank() ? DEFAULT_RESULT_VARIABLE
        : String.valueOf(resultVariable), number);
  }

  private static String text(DelegateExecution execution, String input) {
    Object value = execution.getVariableLocal(input);
    if (value == null || String.valueOf(value).isBlank()) {
      throw new IllegalStateException("Input parameter " + input + " is required");
    }
    return String.valueOf(value);
  }
}
