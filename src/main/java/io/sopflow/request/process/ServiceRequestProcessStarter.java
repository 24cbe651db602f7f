package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.request.ServiceRequestApi.ProcessStart;
import io.sopflow.request.ServiceRequestService;
import io.sopflow.request.ServiceRequested;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a saved request (through {@link ProcessStarts}: the instance Tasklist's start form is
 * starting, or a new one for {@code POST /api/service-requests}) synchronously in the saving transaction.
 */
@Component
class ServiceRequestProcessStarter {

  private final ProcessStarts processStarts;
  private final ServiceRequestService service;

  ServiceRequestProcessStarter(ProcessStarts processStarts, ServiceRequestService service) {
    this.processStarts = processStarts;
    this.service = service;
  }

  @EventListener
  void start(ServiceRequested event) {
    ProcessStart start = service.processStart(event.number());
    Map<String, Object> variables = new HashMap<>();
    variables.put(REQUEST_NUMBER, start.number());
    variables.put(REQUESTER, start.requester());
    variables.put(REQUESTED_FOR, start.requestedFor());
    variables.put(APPROVAL, start.approval());
    variables.put(MANAGER_APPROVER, start.managerApprover());
    variables.put(OWNER_GROUP, start.ownerGroup());
    variables.put(FULFILMENT_GROUP, start.fulfilmentGroup());
    variables.put(GRANTS_ACCESS, start.grantsAccess());
    service.attachProcessInstance(start.number(), processStarts.start(PROCESS_KEY, start.number(), variables));
  }
}
