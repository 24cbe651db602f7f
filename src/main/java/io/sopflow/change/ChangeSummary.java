package io.sopflow.change;

import java.time.Instant;
import java.util.List;

/** A change in a list. */
public record ChangeSummary(String number, String title, ChangeType type, RiskLevel risk, ChangeStatus status,
    List<String> affectedServices, Instant plannedStart, Instant plannedEnd, String requester, String implementer) {

  static ChangeSummary of(ChangeRequest change) {
    return new ChangeSummary(change.getNumber(), change.getTitle(), change.getType(), change.getRisk(),
        change.getStatus(), change.getAffectedServices().stream().sorted().toList(), change.getPlannedStart(),
        change.getPlannedEnd(), change.getRequester(), change.getImplementer());
  }
}
