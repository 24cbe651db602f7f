package io.sopflow.incident.process;

import io.sopflow.incident.IncidentService;
import org.springframework.stereotype.Component;

/**
 * Repeating timers of the incident model: {@code ${incidentCadence.majorIncidentUpdates()}} is the cycle of a major
 * incident's status updates ({@code sopflow.incident.major.update-interval}), so the model holds no literal.
 */
@Component("incidentCadence")
public class IncidentCadence {

  private final IncidentService incidentService;

  public IncidentCadence(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  public String majorIncidentUpdates() {
    return incidentService.majorIncidentUpdateCycle();
  }
}
