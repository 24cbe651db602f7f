package io.sopflow.change.process;

import io.sopflow.change.ChangeService;
import io.sopflow.change.ScheduleCheck;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Checks the planned start against freeze windows: the decision of "Starts in a freeze window?". The form of the
 * freeze exception shows the window and the overlapping changes from the record.
 */
@Component("checkChangeScheduleDelegate")
public class CheckChangeScheduleDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public CheckChangeScheduleDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    ScheduleCheck check = changeService.checkSchedule(number);
    execution.setVariable(ChangeApprovalProcess.IN_FREEZE_WINDOW, check.inFreezeWindow());
    execution.setVariable(ChangeApprovalProcess.PLANNED_START_DATE, Date.from(check.plannedStart()));
    execution.setVariable(ChangeApprovalProcess.PLANNED_END_DATE, Date.from(check.plannedEnd()));
  }
}
