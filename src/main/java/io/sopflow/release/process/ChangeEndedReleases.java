package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.change.ChangeImplementationEnded;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceModificationBuilder;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A change's implementation ended: its releases that have not started deploying are cancelled (the release service's
 * rule, {@link ReleaseService#cancelForEndedChange}) and their instances end through the model's "Change ended" event
 * sub-process, which tells the release managers, the requester and the implementer. Synchronously, in the transaction
 * that ends the change: a cancelled release whose tasks and timers live on is never committed. Without the caller's
 * engine authorizations: an implementer has no rights on release instances, and needs none.
 *
 * <p>An instance of a release model before that event sub-process (1.3.0 and earlier: running instances keep their
 * model) has nothing waiting for the message; it is moved to its "Notify stakeholders of cancellation" step, which
 * every version has, and ends there as a cancelled release does.
 */
@Component
class ChangeEndedReleases {

  private final ReleaseService releaseService;
  private final RuntimeService runtimeService;
  private final WithoutCallerAuthorizations withoutCallerAuthorizations;

  ChangeEndedReleases(ReleaseService releaseService, RuntimeService runtimeService,
      WithoutCallerAuthorizations withoutCallerAuthorizations) {
    this.releaseService = releaseService;
    this.runtimeService = runtimeService;
    this.withoutCallerAuthorizations = withoutCallerAuthorizations;
  }

  @EventListener
  void on(ChangeImplementationEnded event) {
    for (String key : releaseService.cancelForEndedChange(event.changeNumber())) {
      withoutCallerAuthorizations.call(() -> end(key));
    }
  }

  private boolean end(String key) {
    boolean received = !runtimeService.createMessageCorrelation(MESSAGE_CHANGE_ENDED)
        .processInstanceBusinessKey(key).correlateAllWithResult().isEmpty();
    if (received) {
      return true;
    }
    ProcessInstance instance = runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
        .processInstanceBusinessKey(key).singleResult();
    if (instance == null) {
      return false;
    }
    // Start the cancellation step first: cancelling every activity before would end the instance without it.
    ProcessInstanceModificationBuilder modification = runtimeService
        .createProcessInstanceModification(instance.getId()).startBeforeActivity(TASK_NOTIFY_RELEASE_CANCELLED);
    ActivityInstance tree = runtimeService.getActivityInstance(instance.getId());
    for (ActivityInstance waiting : tree.getChildActivityInstances()) {
      modification.cancelActivityInstance(waiting.getId());
    }
    for (TransitionInstance waiting : tree.getChildTransitionInstances()) {
      modification.cancelTransitionInstance(waiting.getId());
    }
    modification.execute();
    return true;
  }
}
