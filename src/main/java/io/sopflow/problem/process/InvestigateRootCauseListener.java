package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.problem.ProblemApi.Investigation;
import io.sopflow.problem.ProblemService;
import io.sopflow.problem.RootCauseCategory;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Investigate root cause": five whys, root cause, its category, contributing factors and the workaround; the problem
 * becomes a known error and its incidents show the workaround.
 */
@Component("investigateRootCauseListener")
public class InvestigateRootCauseListener implements TaskListener {

  private final ProblemService service;
  private final TaskForms taskForms;

  public InvestigateRootCauseListener(ProblemService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.recordInvestigation(form.businessKey(), form.actor(), new Investigation(
        form.requiredText(FIVE_WHYS, 2000), form.requiredText(ROOT_CAUSE, 1000),
        form.oneOf(ROOT_CAUSE_CATEGORY, RootCauseCategory.class), form.text(CONTRIBUTING_FACTORS, 1000),
        form.requiredText(WORKAROUND, 2000)));
  }
}
