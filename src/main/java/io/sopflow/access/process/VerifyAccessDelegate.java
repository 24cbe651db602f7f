package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessProcessData;
import io.sopflow.access.AccessRequestService;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Reads the right back; a confirmed right becomes an active grant with the dates its timers wait for. */
@Component("verifyAccessDelegate")
class VerifyAccessDelegate implements JavaDelegate {

  private final AccessRequestService service;

  VerifyAccessDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    AccessProcessData.GrantSchedule schedule = service.verifyAndActivate(requestId(execution));
    execution.setVariable(GRANT_TIME_BOXED, schedule.timeBoxed());
    execution.setVariable(ACCESS_EXPIRES_AT, toDate(schedule.expiresAt()));
    execution.setVariable(EXPIRY_REMINDER_AT, toDate(schedule.reminderAt()));
    execution.setVariable(EXPIRY_REMINDER_WANTED, schedule.reminderWanted());
    execution.setVariable(REVOKE_ONCE_PROVISIONED, schedule.revokeNow());
  }

  private static Date toDate(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
