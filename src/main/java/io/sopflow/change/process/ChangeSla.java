package io.sopflow.change.process;

import io.sopflow.change.ChangeSlaProperties;
import org.springframework.stereotype.Component;

/** The change approval SLAs as ISO-8601 durations for the model's timers ({@code ${changeSla.reviewReminder()}}). */
@Component("changeSla")
public class ChangeSla {

  private final ChangeSlaProperties properties;

  public ChangeSla(ChangeSlaProperties properties) {
    this.properties = properties;
  }

  public String reviewReminder() {
    return properties.reviewReminder().toString();
  }

  public String reviewEscalation() {
    return properties.reviewEscalation().toString();
  }

  public String cabReminder() {
    return properties.cabReminder().toString();
  }

  public String cabEscalation() {
    return properties.cabEscalation().toString();
  }

  public String managerApprovalReminder() {
    return properties.managerApprovalReminder().toString();
  }

  public String managerApprovalEscalation() {
    return properties.managerApprovalEscalation().toString();
  }

  public String freezeExceptionReminder() {
    return properties.freezeExceptionReminder().toString();
  }

  public String freezeExceptionEscalation() {
    return properties.freezeExceptionEscalation().toString();
  }

  public String emergencyApproval() {
    return properties.emergencyApproval().toString();
  }
}
