package io.sopflow.change;

import java.util.Set;

/** The steps in which a person decides on a change, with the decisions each allows. */
public enum ApprovalStage {
  REVIEW(Set.of(ChangeDecisions.APPROVE, ChangeDecisions.MORE_INFO, ChangeDecisions.REJECT)),
  CAB(Set.of(ChangeDecisions.APPROVE, ChangeDecisions.REJECT)),
  MANAGER(Set.of(ChangeDecisions.APPROVE, ChangeDecisions.REJECT)),
  EMERGENCY(Set.of(ChangeDecisions.APPROVE, ChangeDecisions.REJECT)),
  FREEZE_EXCEPTION(Set.of(ChangeDecisions.APPROVE, ChangeDecisions.REJECT));

  private final Set<String> decisions;

  ApprovalStage(Set<String> decisions) {
    this.decisions = decisions;
  }

  public Set<String> decisions() {
    return decisions;
  }
}
