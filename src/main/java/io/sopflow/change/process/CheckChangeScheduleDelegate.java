package io.sopflow.change.process;

import io.sopflow.change.ChangeService;
import io.sopflow.change.ScheduleCheck;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Checks the whole planned window against freeze windows ("Window in a freeze?") and against other approved changes
 * on a shared service ("Overlaps other changes?"). The forms show the freeze window and the overlaps from the record.
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
    execution.setVariable(ChangeApprovalProcess.OVERLAPS_OTHER_CHANGES, !check.conflicts().isEmpty());
    execution.setVariable(ChangeApprovalProcess.PLANNED_START_DATE, Date.from(check.plannedStart()));
    execution.setVariable(ChangeApprovalProcess.PLANNED_END_DATE, Date.from(check.plannedEnd()));
  }
}
