package io.sopflow.problem;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The lock row of one configuration item for recurrence detection: locked ({@code SELECT ... FOR UPDATE}) while an
 * incident on the item is counted, it makes two nodes decide one after the other; it also remembers the last
 * proposal, so that an item gets one proposal per window (docs/problems.md).
 */
@Entity
@Table(name = "problem_recurrence_item")
class RecurrenceItem {

  @Id
  @Column(name = "configuration_item", length = 200)
  private String configurationItem;

  @Column(name = "last_proposed_at")
  private Instant lastProposedAt;

  @Column(name = "last_problem_number", length = 20)
  private String lastProblemNumber;

  protected RecurrenceItem() {}

  RecurrenceItem(String configurationItem) {
    this.configurationItem = configurationItem;
  }

  /** Whether a problem was proposed for the item at or after {@code since}. */
  boolean proposedSince(Instant since) {
    return lastProposedAt != null && !lastProposedAt.isBefore(since);
  }

  void proposed(String problemNumber, Instant at) {
    this.lastProblemNumber = problemNumber;
    this.lastProposedAt = at;
  }

  String getConfigurationItem() { return configurationItem; }
  Instant getLastProposedAt() { return lastProposedAt; }
}
