package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.BadUserRequestException;
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
  private final CurrentUser currentUser;

  public RollbackRecoveryListener(ReleaseService releaseService, CurrentUser currentUser) {
    this.releaseService = releaseService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String key = (String) task.getVariable(RELEASE_KEY);
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      task.getExecution().createIncident(INCIDENT_ROLLBACK_FAILED, key,
          key + ": the rollback failed; the environment must be recovered by hand (task '" + task.getName() + "')");
      return;
    }
    if (!EVENTNAME_COMPLETE.equals(task.getEventName())) {
      return;
    }
    if (!FormValues.flag(task, ENVIRONMENT_RESTORED)) {
      throw new BadUserRequestException(ENVIRONMENT_RESTORED + ": confirm that the environment was restored");
    }
    String notes = FormValues.text(task, RECOVERY_NOTES);
    if (notes == null) {
      throw new BadUserRequestException(RECOVERY_NOTES + ": say what was done to recover");
    }
    releaseService.recordRecovery(key, FormValues.actor(currentUser), notes);
    RuntimeService runtimeService = task.getProcessEngineServices().getRuntimeService();
    for (Incident incident : runtimeService.createIncidentQuery().processInstanceId(task.getProcessInstanceId())
        .incidentType(INCIDENT_ROLLBACK_FAILED).list()) {
      runtimeService.resolveIncident(incident.getId());
    }
  }
}
