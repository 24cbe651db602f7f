package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessEvents.AccessRequested;
import io.sopflow.access.AccessEvents.CancellationRequested;
import io.sopflow.access.AccessEvents.RevocationRequested;
import io.sopflow.access.AccessProcessData;
import io.sopflow.access.AccessRequestService;
import io.sopflow.domain.ConflictException;
import io.sopflow.platform.process.ProcessStarts;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process for a saved request (through {@link ProcessStarts}, whether it came from the API or a start form), resumes it for a revocation and ends it for a cancellation, synchronously in
 * the caller's transaction: a record without its process instance (or a revocation that no process performs, or a
 * cancelled request whose approval tasks stay open) is never committed.
 */
@Component
class AccessProcessStarter {

  private final RuntimeService runtimeService;
  private final ProcessStarts processStarts;
  private final AccessRequestService service;

  AccessProcessStarter(RuntimeService runtimeService, ProcessStarts processStarts, AccessRequestService service) {
    this.runtimeService = runtimeService;
    this.processStarts = processStarts;
    this.service = service;
  }

  @EventListener
  void start(AccessRequested event) {
    AccessProcessData.Start start = service.processStart(event.id());
    Map<String, Object> variables = new HashMap<>();
    variables.put(ACCESS_REQUEST_ID, start.id());
    variables.put(ACCESS_REQUEST_KEY, start.key());
    variables.put(BENEFICIARY, start.beneficiary());
    variables.put(REQUESTER, start.requester());
    variables.put(MANAGER_APPROVER, start.managerApprover());
    variables.put(OWNER_GROUP, start.ownerGroup());
    // The instance Tasklist's start form is starting, or a new one for POST /api/access-requests: one code path.
    service.attachProcessInstance(start.id(), processStarts.start(PROCESS_KEY, start.key(), variables));
  }

  @EventListener
  void revoke(RevocationRequested event) {
    try {
      runtimeService.createMessageCorrelation(MESSAGE_REVOCATION_REQUESTED)
          .processInstanceBusinessKey(event.key())
          .setVariable(REVOKED_BY, event.requestedBy())
          .setVariable(REVOCATION_REASON, event.reason())
          .correlateWithResult();
    } catch (MismatchingMessageCorrelationException e) {
      // The grant became active a moment ago and its process has not reached the wait yet.
      throw new ConflictException("Grant " + event.key() + " is still being provisioned; try again shortly");
    }
  }

  /** The model's event sub-process ends the instance: open approval tasks and their SLA timers go with it. */
  @EventListener
  void cancel(CancellationRequested event) {
    try {
      runtimeService.createMessageCorrelation(MESSAGE_CANCELLATION_REQUESTED)
          .processInstanceBusinessKey(event.key())
          .setVariable(CANCELLED_BY, event.cancelledBy())
          .correlateWithResult();
    } catch (MismatchingMessageCorrelationException e) {
      // The record said "pending", but no instance of it is running: refuse rather than commit a half cancellation.
      throw new IllegalStateException("Access request " + event.key() + " has no running process to cancel", e);
    }
  }
}
