package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.VARIANCE_EXPLANATION;

import io.sopflow.closure.FinanceFigures;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.math.BigDecimal;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Close finances": shows budget, actual cost and the variance the service computed; on complete the service refuses
 * a missing explanation when the variance exceeds the threshold (the form's hint is not trusted).
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
      task.setVariableLocal("financeBudget", amount(f.budget()));
      task.setVariableLocal("financeActualCost", amount(f.actualCost()));
      task.setVariableLocal("financeVariance", amount(f.variance()));
      task.setVariableLocal("financeVariancePercent",
          f.variancePercent() == null ? "n/a (no budget)" : f.variancePercent().toPlainString() + " %");
      task.setVariableLocal("varianceThreshold", f.thresholdPercent().stripTrailingZeros().toPlainString() + " %");
      task.setVariableLocal("varianceExplanationRequired", f.explanationRequired());
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskForm form = taskForms.read(task);
      service.closeFinances(form.businessKey(), form.text(VARIANCE_EXPLANATION), form.actor());
    }
  }

  private static String amount(BigDecimal value) {
    return String.format(Locale.ROOT, "%,.2f", value);
  }
}
