package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.LESSONS_RECOMMENDATIONS;
import static io.sopflow.closure.process.ProjectClosureProcess.LESSONS_TO_IMPROVE;
import static io.sopflow.closure.process.ProjectClosureProcess.LESSONS_WENT_WELL;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Capture lessons learned" (on complete): all three answers are required. */
@Component("captureLessonsLearnedListener")
class CaptureLessonsLearnedListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  CaptureLessonsLearnedListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.recordLessons(form.businessKey(), form.requiredText(LESSONS_WENT_WELL),
        form.requiredText(LESSONS_TO_IMPROVE), form.requiredText(LESSONS_RECOMMENDATIONS), form.actor());
  }
}
