package io.sopflow.release;

import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeStatus;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The release SOP's view of the change SOP, over its public service. Joins the caller's transaction. */
@Component
class ChangeServiceLookup implements ChangeLookup {

  private final ChangeService changeService;

  ChangeServiceLookup(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public Optional<LinkedChange> find(String changeNumber) {
    return changeService.find(changeNumber)
        .map(change -> new LinkedChange(change.number(), change.status() == ChangeStatus.APPROVED,
            change.status().name(), change.implementer()));
  }

  @Override
  public void recordOutcome(String changeNumber, String releaseKey, String outcome) {
    changeService.recordReleaseOutcome(changeNumber, releaseKey, outcome);
  }
}
