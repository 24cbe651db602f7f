package io.sopflow.release;

import java.time.Instant;
import java.util.List;

/**
 * A release as {@code /api/releases} shows it; {@code log} only on the single-record view. The GO's approver is
 * {@code decidedBy}, its evidence {@code testReportReference} and {@code evidenceNotes}; {@code fourEyes} says whether
 * the GO had to come from a release manager other than the requester.
 */
public record ReleaseView(String key, String name, String version, String environment, String changeNumber,
    ReleaseStatus status, Instant windowStart, Instant windowEnd, String rollbackPlan, String requestedBy,
    String implementer, String decidedBy, Instant decidedAt, String decisionReason, String testReportReference,
    String evidenceNotes, boolean fourEyes, String failureReason,
    String outcome, String verifiedBy, String processInstanceId, Instant createdAt, Instant closedAt,
    List<LogEntry> log) {

  /** One deployment step: exit code for commands, HTTP status for HTTP calls, output truncated. */
  public record LogEntry(int seq, Instant at, StepResult.StepAction action, String adapter, String target,
      StepResult.Result result, Integer exitCode, Integer httpStatus, long durationMs, String output) {}

  static ReleaseView of(Release r, boolean withLog) {
    List<LogEntry> log = withLog ? r.getLog().stream().map(e -> new LogEntry(e.getSeq(), e.getRecordedAt(),
        e.getAction(), e.getAdapter(), e.getTarget(), e.getResult(), e.getExitCode(), e.getHttpStatus(),
        e.getDurationMs(), e.getOutput())).toList() : null;
    return new ReleaseView(r.getReleaseKey(), r.getName(), r.getReleaseVersion(), r.getEnvironment(),
        r.getChangeNumber(), r.getStatus(), r.getWindowStart(), r.getWindowEnd(), r.getRollbackPlan(),
        r.getRequestedBy(), r.getImplementer(), r.getDecidedBy(), r.getDecidedAt(), r.getDecisionReason(),
        r.getTestReportReference(), r.getEvidenceNotes(), r.isFourEyes(), r.getFailureReason(), r.getOutcome(), r.getVerifiedBy(), r.getProcessInstanceId(), r.getCreatedAt(),
        r.getClosedAt(), log);
  }
}
