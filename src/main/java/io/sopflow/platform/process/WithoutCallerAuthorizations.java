package io.sopflow.platform.process;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Runs an engine call of one SOP on another SOP's process without the caller's engine authorizations: the person who
 * completes a task in one SOP (an implementer, a problem manager) has no rights on the other SOP's instances and
 * needs none. The SOP that reports an event decides nothing about the other; the receiving SOP's model does. The
 * caller's authentication is restored afterwards.
 */
@Component
public class WithoutCallerAuthorizations {

  private final IdentityService identityService;

  public WithoutCallerAuthorizations(IdentityService identityService) {
    this.identityService = identityService;
  }

  public <T> T call(Supplier<T> engineCall) {
    Authentication caller = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return engineCall.get();
    } finally {
      if (caller != null) {
        identityService.setAuthentication(caller);
      }
    }
  }
}
