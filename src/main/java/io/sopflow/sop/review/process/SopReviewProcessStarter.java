package io.sopflow.sop.review.process;

import static io.sopflow.sop.process.SopReviewProcess.*;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.review.SopReviewDue;
import io.sopflow.sop.review.SopReviewService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a claimed review inside the scheduler's transaction: the review row and the engine state
 * commit together, or not at all. The scheduler is nobody, so it runs without caller authorizations.
 */
@Component
class SopReviewProcessStarter {

  private final ProcessStarts processStarts;
  private final SopReviewService service;
  private final WithoutCallerAuthorizations withoutCallerAuthorizations;

  SopReviewProcessStarter(ProcessStarts processStarts, SopReviewService service,
      WithoutCallerAuthorizations withoutCallerAuthorizations) {
    this.processStarts = processStarts;
    this.service = service;
    this.withoutCallerAuthorizations = withoutCallerAuthorizations;
  }

  @EventListener
  void onDue(SopReviewDue event) {
    String processInstanceId = withoutCallerAuthorizations.call(() -> processStarts.start(PROCESS_KEY,
        event.reviewKey(), Variables.createVariables()
            .putValue(REVIEW_KEY, event.reviewKey())
            .putValue(SOP_KEY, event.processKey())
            .putValue(OWNER_GROUP, event.ownerGroup())));
    service.processStarted(event.reviewKey(), processInstanceId);
  }
}
