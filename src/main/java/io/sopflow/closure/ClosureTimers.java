package io.sopflow.closure;

import org.springframework.stereotype.Component;

/**
 * The durations the model's timers read ({@code ${closureTimers.signOffReminder()}}), as ISO-8601 strings, so the
 * BPMN carries no literals. Public: the engine's expression language calls it.
 */
@Component("closureTimers")
public class ClosureTimers {

  private final ClosureSlaProperties sla;

  public ClosureTimers(ClosureSlaProperties sla) {
    this.sla = sla;
  }

  public String signOffReminder() {
    return sla.signOffReminder().toString();
  }

  public String signOffEscalation() {
    return sla.signOffEscalation().toString();
  }
}
