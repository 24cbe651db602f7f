package io.sopflow.closure.process;

import io.sopflow.closure.ProjectClosureService;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The collection of the multi-instance "Verify deliverable": the deliverables pending verification in this round
 * ({@code ${closureDeliverables.pending(execution.processBusinessKey)}}). Public: the expression language calls it.
 */
@Component("closureDeliverables")
public class ClosureDeliverables {

  private final ProjectClosureService service;

  public ClosureDeliverables(ProjectClosureService service) {
    this.service = service;
  }

  public List<Long> pending(String closureKey) {
    List<Long> pending = service.pendingDeliverableIds(closureKey);
    if (pending.isEmpty()) {
      throw new IllegalStateException(closureKey + " has no deliverable pending verification");
    }
    return pending;
  }
}
