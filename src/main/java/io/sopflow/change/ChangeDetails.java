package io.sopflow.change;

import java.time.Instant;
import java.util.List;

/** A change as {@code GET /api/changes/{number}} shows it: the record, its votes and decisions, current conflicts. */
public record ChangeDetails(String number, String title, String description, ChangeType type, ApprovalRoute route,
    String standardTemplate, RiskLevel risk, ChangeStatus status, List<String> affectedServices,
    String implementationPlan, String backoutPlan, String testEvidence, Instant plannedStart, Instant plannedEnd,
    String requester, String implementer, String implementationOutcome, String processInstanceId, Instant createdAt,
    Instant updatedAt, List<Vote> votes, List<Vote> decisions, List<Note> notes, List<String> conflicts,
    RiskInputs riskInputs, String overlapAcknowledgedBy, Instant overlapAcknowledgedAt, String problemNumber) {

  /**
   * One decision of a person ({@code recordedBy}: the change manager who recorded an overdue vote on their behalf, or
   * the delegate who cast it; then {@code actingFor} names the voter they stood in for).
   */
  public record Vote(ApprovalStage stage, String voter, String decision, String comment, Instant votedAt,
      String recordedBy, String actingFor) {}

  /**
   * What the risk assessment counted: a backout plan or test evidence that says nothing (blank, the title again, too
   * short) counts as absent, and {@code treatedAsAbsent} names those given but not counted. Null before this was kept.
   */
  public record RiskInputs(Boolean backoutPlanPresent, Boolean testEvidencePresent, List<String> treatedAsAbsent) {}

  /** A note on the change. */
  public record Note(ChangeNote.Kind kind, String author, String text, Instant createdAt) {}

  static ChangeDetails of(ChangeRequest change, List<String> conflicts) {
    List<Vote> all = change.getVotes().stream()
        .map(v -> new Vote(v.getStage(), v.getVoter(), v.getDecision(), v.getComment(), v.getVotedAt(),
            v.getRecordedBy(), v.getActingFor())).toList();
    java.util.List<String> absent = new java.util.ArrayList<>();
    if (Boolean.FALSE.equals(change.getBackoutPlanCounted()) && notBlank(change.getBackoutPlan())) {
      absent.add("backoutPlan");
    }
    if (Boolean.FALSE.equals(change.getTestEvidenceCounted()) && notBlank(change.getTestEvidence())) {
      absent.add("testEvidence");
    }
    RiskInputs riskInputs = change.getBackoutPlanCounted() == null ? null
        : new RiskInputs(change.getBackoutPlanCounted(), change.getTestEvidenceCounted(), List.copyOf(absent));
    return new ChangeDetails(change.getNumber(), change.getTitle(), change.getDescription(), change.getType(),
        change.getRoute(), change.getStandardTemplate(), change.getRisk(), change.getStatus(),
        change.getAffectedServices().stream().sorted().toList(), change.getImplementationPlan(),
        change.getBackoutPlan(), change.getTestEvidence(), change.getPlannedStart(), change.getPlannedEnd(),
        change.getRequester(), change.getImplementer(), change.getImplementationOutcome(),
        change.getProcessInstanceId(), change.getCreatedAt(), change.getUpdatedAt(),
        all.stream().filter(v -> v.stage() == ApprovalStage.CAB).toList(),
        all.stream().filter(v -> v.stage() != ApprovalStage.CAB).toList(),
        change.getNotes().stream().map(n -> new Note(n.getKind(), n.getAuthor(), n.getText(), n.getCreatedAt()))
            .toList(),
        conflicts, riskInputs, change.getOverlapAcknowledgedBy(), change.getOverlapAcknowledgedAt(),
        change.getProblemNumber());
  }

  private static boolean notBlank(String text) {
    return text != null && !text.isBlank();
  }
}
