package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Review incident" (P1/P2), with the actions it agreed on, or "Coordinate major incident" (P1): a summary
 * is required and audited. Which of the two a task is comes from the model ({@code reviewStep}), not from its id; a
 * task without it fails as a modelling error.
 */
@Component("reviewIncidentListener")
public class ReviewIncidentListener implements TaskListener {

  /** The steps this listener completes, as the model names them in {@code reviewStep}. */
  enum ReviewStep {
    REVIEW, COORDINATION
  }

  /**
   * The steps of the versions before 1.5.0, which had no {@code reviewStep} yet: instances running on them (and new
   * ones, until the changed model's revision is approved) are completed as they were, by these task ids.
   */
  static final Map<String, ReviewStep> STEPS_BEFORE_SETTINGS = Map.of(
      IncidentEscalationProcess.TASK_REVIEW, ReviewStep.REVIEW,
      IncidentEscalationProcess.TASK_COORDINATE, ReviewStep.COORDINATION);

  private final IncidentService incidentService;
  private final TaskForms taskForms;

  public ReviewIncidentListener(IncidentService incidentService, TaskForms taskForms) {
    this.incidentService = incidentService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String number = form.reference(INCIDENT_NUMBER);
    switch (form.setting(SETTING_REVIEW_STEP, ReviewStep.class, STEPS_BEFORE_SETTINGS)) {
      case COORDINATION ->
          incidentService.recordCoordination(number, form.actor(), form.requiredText(COORDINATION_NOTES));
      case REVIEW -> {
        String summary = form.requiredText(REVIEW_SUMMARY);
        if (form.flag(RAISE_PROBLEM)) {
          incidentService.recordReview(number, form.actor(), summary, form.text(REVIEW_ACTIONS), true);
        } else {
          incidentService.recordReview(number, form.actor(), summary, form.text(REVIEW_ACTIONS));
        }
      }
    }
  }
}
