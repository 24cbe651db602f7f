package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.LESSONS_RECOMMENDATIONS;
import static io.sopflow.closure.process.ProjectClosureProcess.LESSONS_TO_IMPROVE;
import static io.sopflow.closure.process.ProjectClosureProcess.LESSONS_WENT_WELL;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Capture lessons learned": all three answers are required. */
@Component("captureLessonsLearnedListener")
class CaptureLessonsLearnedListener implements TaskListener {

  private final ProjectClosureService service;
  private final CurrentUser currentUser;

  CaptureLessonsLearnedListener(ProjectClosureService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskInput.refusingBadInput(() -> service.recordLessons(TaskInput.key(task),
          TaskInput.text(task, LESSONS_WENT_WELL), TaskInput.text(task, LESSONS_TO_IMPROVE),
          TaskInput.text(task, LESSONS_RECOMMENDATIONS), TaskInput.actor(currentUser, task)));
    }
  }
}
