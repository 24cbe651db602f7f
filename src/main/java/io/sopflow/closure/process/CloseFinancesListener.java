package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.ACTUAL_COST;
import static io.sopflow.closure.process.ProjectClosureProcess.VARIANCE_EXPLANATION;

import io.sopflow.closure.FinanceFigures;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Close finances": shows the budget and the variance threshold; finance enters the actual cost, and on complete the
 * service computes the variance from it and refuses a missing explanation when the variance exceeds the threshold.
 */
@Component("closeFinancesListener")
class CloseFinancesListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  CloseFinancesListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      FinanceFigures f = service.finances(taskForms.settingsOf(task).businessKey());
      Map<String, Object> shown = new HashMap<>();
      shown.put("financeBudget", amount(f.budget()));
      shown.put("varianceThreshold", f.thresholdPercent().stripTrailingZeros().toPlainString() + " %");
      taskForms.show(task, shown);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskForm form = taskForms.read(task);
      service.closeFinances(form.businessKey(), form.requiredDecimal(ACTUAL_COST, BigDecimal.ZERO), form.text(VARIANCE_EXPLANATION),
          form.actor());
    }
  }

  private static String amount(BigDecimal value) {
    return String.format(Locale.ROOT, "%,.2f", value);
  }
}
