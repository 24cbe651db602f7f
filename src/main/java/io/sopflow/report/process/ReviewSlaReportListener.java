package io.sopflow.report.process;

import static io.sopflow.report.process.SlaReportProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.report.SlaReportService;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Review SLA report": on create, the compiled summary goes on the task for the form (task-local); on complete, the
 * incident manager's commentary (required) and actions are recorded with the person who completed the task.
 */
@Component("reviewSlaReportListener")
public class ReviewSlaReportListener implements TaskListener {

  private final SlaReportService service;
  private final TaskForms taskForms;

  public ReviewSlaReportListener(SlaReportService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      Map<String, Object> shown = new HashMap<>();
      shown.put(SUMMARY, service.reviewDetails(taskForms.settingsOf(task).reference(REPORT_KEY)).summary());
      taskForms.show(task, shown);
      return;
    }
    TaskForm form = taskForms.read(task);
    service.recordReview(form.reference(REPORT_KEY), form.actor(), form.requiredText(COMMENTARY),
        form.text(ACTIONS));
  }
}
