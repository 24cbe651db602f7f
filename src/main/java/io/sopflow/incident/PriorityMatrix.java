package io.sopflow.incident;

/**
 * Priority = impact x urgency. The table is the DMN decision {@code IncidentPriority} that process owners edit in
 * Modeler; the implementation (in {@code incident.process}) evaluates the deployed version.
 */
public interface PriorityMatrix {

  Priority priorityOf(Level impact, Level urgency);
}
