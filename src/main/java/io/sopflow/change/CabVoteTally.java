package io.sopflow.change;

import io.sopflow.change.ChangeProperties.VotingRule;

/**
 * The CAB's votes so far, read under the voting rule: any REJECT vetoes; otherwise ALL needs every eligible member's
 * approval, MAJORITY more than half of them. Nobody eligible means no approval.
 */
public record CabVoteTally(int eligible, int approvals, int rejections, VotingRule rule) {

  public boolean vetoed() {
    return rejections > 0;
  }

  public boolean approved() {
    if (vetoed() || eligible == 0) {
      return false;
    }
    return switch (rule) {
      case ALL -> approvals >= eligible;
      case MAJORITY -> approvals * 2 > eligible;
    };
  }

  /** Whether the outcome is certain, so the open votes can be cancelled. */
  public boolean decided() {
    return vetoed() || approved() || approvals + rejections >= eligible;
  }
}
