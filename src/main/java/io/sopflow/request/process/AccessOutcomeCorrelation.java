package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.access.AccessEvents.AccessDecided;
import io.sopflow.request.ServiceRequestService;
import java.util.Date;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The access SOP decided an access request: if a service request asked for it, its process (waiting in "Await
 * access decision") goes on, in the same transaction. The approver who decided the access has no rights on service
 * request instances and needs none: the access SOP reports, the service request SOP decides what it means, so the
 * correlation runs without the caller's authorizations.
 */
@Component
class AccessOutcomeCorrelation {

  private final ServiceRequestService service;
  private final RuntimeService runtimeService;
  private final IdentityService identityService;

  AccessOutcomeCorrelation(ServiceRequestService service, RuntimeService runtimeService,
      IdentityService identityService) {
    this.service = service;
    this.runtimeService = runtimeService;
    this.identityService = identityService;
  }

  @EventListener
  void onAccessDecided(AccessDecided event) {
    service.accessDecided(event.key(), event.granted(), event.reason()).ifPresent(outcome -> {
      Authentication caller = identityService.getCurrentAuthentication();
      identityService.clearAuthentication();
      try {
        runtimeService.createMessageCorrelation(MESSAGE_ACCESS_DECIDED)
            .processInstanceBusinessKey(outcome.number())
            .setVariable(FULFILLED, outcome.granted())
            .setVariable(AUTO_CLOSE_AT, outcome.autoCloseAt() == null ? null : Date.from(outcome.autoCloseAt()))
            .correlateWithResult();
      } catch (MismatchingMessageCorrelationException e) {
        throw new IllegalStateException("Service request " + outcome.number() + " does not wait for the access "
            + "decision of " + event.key(), e);
      } finally {
        if (caller != null) {
          identityService.setAuthentication(caller);
        }
      }
    });
  }
}
