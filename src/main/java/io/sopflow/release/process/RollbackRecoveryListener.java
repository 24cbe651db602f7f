package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;

/**
 * "Recover failed rollback": while the task is open a Cockpit incident ({@value ReleaseDeploymentProcess#INCIDENT_ROLLBACK_FAILED})
 * marks the instance, so operators watching Cockpit see it as well as the release managers in Tasklist. Completing
 * the task needs the environment confirmed restored and notes; it resolves the incident and closes the release.
 */
@Component("rollbackRecoveryListener")
public class RollbackRecoveryListener implements TaskListener {

  private final ReleaseService releaseService;
  private final TaskForms taskForms;

  public RollbackRecoveryListener(ReleaseService releaseService, TaskForms taskForms) {
    this.releaseService = releaseService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      String key = taskForms.settingsOf(task).reference(RELEASE_KEY);
      task.getExecution().createIncident(INCIDENT_ROLLBACK_FAILED, key,
          key + ": the rollback failed; the environment must be recovered by hand (task '" + task.getName() + "')");
      return;
    }
    if (!EVENTNAME_COMPLETE.equals(task.getEventName())) {
      return;
    }
    TaskForm form = taskForms.read(task);
    if (!form.flag(ENVIRONMENT_RESTORED)) {
      throw new InvalidRequestException(ENVIRONMENT_RESTORED, "confirm that the environment was restored");
    }
    releaseService.recordRecovery(form.reference(RELEASE_KEY), form.actor(), form.requiredText(RECOVERY_NOTES));
    RuntimeService runtimeService = task.getProcessEngineServices().getRuntimeService();
    for (Incident incident : runtimeService.createIncidentQuery().processInstanceId(task.getProcessInstanceId())
        .incidentType(INCIDENT_ROLLBACK_FAILED).list()) {
      runtimeService.resolveIncident(incident.getId());
    }
  }
}
