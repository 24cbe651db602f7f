package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ReleaseOutcomes;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Delivers a release's end to its change's process as the message "release finished" (caught by "Implement change").
 * The release manager who closed the release has no rights on change instances, and needs none: the release SOP
 * reports, the change SOP decides what it means, so the correlation runs without the caller's authorizations.
 */
@Component
class ProcessReleaseOutcomes implements ReleaseOutcomes {

  private final RuntimeService runtimeService;
  private final IdentityService identityService;

  ProcessReleaseOutcomes(RuntimeService runtimeService, IdentityService identityService) {
    this.runtimeService = runtimeService;
    this.identityService = identityService;
  }

  @Override
  public boolean deliver(String changeNumber, String releaseKey, boolean deployed) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return !runtimeService.createMessageCorrelation(MESSAGE_RELEASE_FINISHED)
          .processInstanceBusinessKey(changeNumber)
          .setVariable(RELEASE_KEY, releaseKey)
          .setVariable(RELEASE_DEPLOYED, deployed)
          .correlateAllWithResult().isEmpty();
    } finally {
      if (caller != null) {
        identityService.setAuthentication(caller);
      }
    }
  }
}
