package io.sopflow.access;

import org.springframework.stereotype.Component;

/**
 * The approval SLAs as the model's boundary timers read them ({@code ${accessSla.approvalReminder()}}): ISO-8601
 * durations from {@link AccessSlaProperties}, never literals in the BPMN.
 */
@Component("accessSla")
public class AccessSla {

  private final AccessSlaProperties properties;

  public AccessSla(AccessSlaProperties properties) {
    this.properties = properties;
  }

  public String approvalReminder() {
    return properties.approvalReminder().toString();
  }

  public String approvalTimeout() {
    return properties.approvalTimeout().toString();
  }
}
