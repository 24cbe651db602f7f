package io.sopflow.release;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A release: one version of something deployed to one environment within a window, implementing an approved change.
 * Guards its own life cycle (see {@link ReleaseStatus}); every refused transition is a {@link ConflictException}, a
 * window that cannot work an {@link InvalidRequestException} naming {@code windowStart} or {@code windowEnd}.
 */
@Entity
@Table(name = "release_record")
public class Release {

  static final String KEY_FORMAT = "REL-%06d";
  private static final int TEXT = 2000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "release_key", unique = true, length = 20)
  private String releaseKey;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(name = "release_version", nullable = false, length = 64)
  private String releaseVersion;

  @Column(nullable = false, length = 64)
  private String environment;

  @Column(name = "change_number", nullable = false, length = 32)
  private String changeNumber;

  @Column(name = "window_start", nullable = false)
  private Instant windowStart;

  @Column(name = "window_end", nullable = false)
  private Instant windowEnd;

  @Column(name = "rollback_plan", nullable = false, length = 4000)
  private String rollbackPlan;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private ReleaseStatus status;

  @Column(name = "requested_by", nullable = false, length = 64)
  private String requestedBy;

  @Column(length = 64)
  private String implementer;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "decided_by", length = 64)
  private String decidedBy;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @Column(name = "decision_reason", length = TEXT)
  private String decisionReason;

  /** The GO's evidence: where the test report is (required for production). */
  @Column(name = "test_report_reference", length = 500)
  private String testReportReference;

  /** The GO's further evidence (monitoring, sign-offs), as the approver wrote it. */
  @Column(name = "evidence_notes", length = TEXT)
  private String evidenceNotes;

  /** Whether the GO had to come from a release manager other than the requester. */
  @Column(name = "four_eyes")
  private Boolean fourEyes;

  @Column(name = "failure_reason", length = TEXT)
  private String failureReason;

  @Column(name = "outcome", length = TEXT)
  private String outcome;

  @Column(name = "verified_by", length = 64)
  private String verifiedBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  @OneToMany(mappedBy = "release", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("seq ASC")
  private List<ReleaseLogEntry> log = new ArrayList<>();

  protected Release() {}

  Release(String name, String releaseVersion, String environment, String changeNumber, Instant windowStart,
      Instant windowEnd, String rollbackPlan, String requestedBy, String implementer, Instant now) {
    requireWindow(windowStart, windowEnd, now);
    this.name = Objects.requireNonNull(name, "name");
    this.releaseVersion = Objects.requireNonNull(releaseVersion, "releaseVersion");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.changeNumber = Objects.requireNonNull(changeNumber, "changeNumber");
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.rollbackPlan = Objects.requireNonNull(rollbackPlan, "rollbackPlan");
    this.requestedBy = Objects.requireNonNull(requestedBy, "requestedBy");
    this.implementer = implementer;
    this.status = ReleaseStatus.AWAITING_GO;
    this.createdAt = now;
  }

  /** The business key comes from the identity: unique on every node without a lock. */
  void assignKey() {
    if (id == null) {
      throw new IllegalStateException("Save the release before assigning its key");
    }
    if (releaseKey == null) {
      releaseKey = String.format(KEY_FORMAT, id);
    }
  }

  void attachProcessInstance(String processInstanceId) {
    if (this.processInstanceId != null && !this.processInstanceId.equals(processInstanceId)) {
      throw new ConflictException(releaseKey + " already has process instance " + this.processInstanceId);
    }
    this.processInstanceId = processInstanceId;
  }

  void decideGo(String by, Instant at, String reason, String testReportReference, String evidenceNotes,
      boolean fourEyes) {
    require(ReleaseStatus.AWAITING_GO);
    if (fourEyes && requestedBy.equals(by)) {
      throw new ForbiddenException("four-eyes: " + by + " requested " + releaseKey + " and may not give its GO;"
          + " another release manager must");
    }
    recordDecision(by, at, reason);
    this.testReportReference = blank(testReportReference) ? null : testReportReference.strip();
    this.evidenceNotes = blank(evidenceNotes) ? null : truncate(evidenceNotes.strip());
    this.fourEyes = fourEyes;
    status = ReleaseStatus.SCHEDULED;
  }

  void decideNoGo(String by, Instant at, String reason) {
    require(ReleaseStatus.AWAITING_GO);
    recordDecision(by, at, reason);
    close(ReleaseStatus.CANCELLED, at, "No-go by " + by + ": " + reason);
  }

  boolean isWindowOpenAt(Instant at) {
    return at.isBefore(windowEnd);
  }

  /** Scheduled, or started but not deployed (a deploy retried after the window closed): waits for a new window. */
  void missWindow(Instant at) {
    require(ReleaseStatus.SCHEDULED, ReleaseStatus.DEPLOYING);
    status = ReleaseStatus.WINDOW_MISSED;
    outcome = "Window " + windowStart + " - " + windowEnd + " closed before the deployment started";
  }

  void reschedule(Instant newStart, Instant newEnd, Instant at) {
    require(ReleaseStatus.WINDOW_MISSED);
    requireWindow(newStart, newEnd, at);
    windowStart = newStart;
    windowEnd = newEnd;
    outcome = null;
    status = ReleaseStatus.SCHEDULED;
  }

  void cancel(String by, Instant at, String reason) {
    require(ReleaseStatus.WINDOW_MISSED);
    close(ReleaseStatus.CANCELLED, at, "Cancelled by " + by + " after the window was missed: " + reason);
  }

  /** Whether the release has not started deploying: it still waits for its GO, its window or a new window. */
  boolean isAwaitingDeployment() {
    return status == ReleaseStatus.AWAITING_GO || status == ReleaseStatus.SCHEDULED
        || status == ReleaseStatus.WINDOW_MISSED;
  }

  /**
   * The change this release implements no longer awaits its implementation (it was implemented, failed, backed out,
   * rejected or closed): a release that has not started deploying is cancelled, by nobody in particular. One that has
   * started is refused (409): it ends as its deployment does.
   */
  void cancelForEndedChange(String changeStatus, Instant at) {
    require(ReleaseStatus.AWAITING_GO, ReleaseStatus.SCHEDULED, ReleaseStatus.WINDOW_MISSED);
    close(ReleaseStatus.CANCELLED, at, "Cancelled: change " + changeNumber + " is " + changeStatus
        + " and no longer awaits its implementation");
  }

  void startDeployment(Instant at) {
    require(ReleaseStatus.SCHEDULED);
    if (!isWindowOpenAt(at)) {
      throw new ConflictException(releaseKey + ": the deployment window closed at " + windowEnd);
    }
    status = ReleaseStatus.DEPLOYING;
  }

  void deployed() {
    require(ReleaseStatus.DEPLOYING);
    status = ReleaseStatus.VERIFYING;
  }

  void fail(String reason) {
    require(ReleaseStatus.DEPLOYING, ReleaseStatus.VERIFYING);
    failureReason = reason;
    status = ReleaseStatus.ROLLING_BACK;
  }

  void rolledBack(Instant at) {
    require(ReleaseStatus.ROLLING_BACK);
    close(ReleaseStatus.ROLLED_BACK, at, "Rolled back: " + failureReason);
  }

  void rollbackFailed() {
    require(ReleaseStatus.ROLLING_BACK);
    status = ReleaseStatus.ROLLBACK_FAILED;
    outcome = "Rollback failed after: " + failureReason;
  }

  void recovered(String by, Instant at, String notes) {
    require(ReleaseStatus.ROLLBACK_FAILED);
    close(ReleaseStatus.ROLLED_BACK, at, "Failed rollback recovered by hand by " + by + ": " + notes);
  }

  void confirmDeployed(String by, Instant at, String notes) {
    require(ReleaseStatus.VERIFYING);
    verifiedBy = by;
    close(ReleaseStatus.DEPLOYED, at, "Deployed and verified by " + by + (blank(notes) ? "" : ": " + notes));
  }

  void addLogEntry(StepResult step, Instant at) {
    log.add(new ReleaseLogEntry(this, log.size() + 1, at, step));
  }

  private void recordDecision(String by, Instant at, String reason) {
    decidedBy = Objects.requireNonNull(by, "by");
    decidedAt = at;
    decisionReason = truncate(reason);
  }

  private void close(ReleaseStatus finalStatus, Instant at, String text) {
    status = finalStatus;
    closedAt = at;
    outcome = truncate(text);
  }

  private void require(ReleaseStatus... allowed) {
    if (!Arrays.asList(allowed).contains(status)) {
      throw new ConflictException(releaseKey + " is " + status + "; expected " + Arrays.toString(allowed));
    }
  }

  /** The window of a request or a rescheduling: named as both name it ({@code windowStart}, {@code windowEnd}). */
  private static void requireWindow(Instant start, Instant end, Instant now) {
    if (start == null) {
      throw new InvalidRequestException("windowStart", "is required");
    }
    if (end == null) {
      throw new InvalidRequestException("windowEnd", "is required");
    }
    if (!end.isAfter(start)) {
      throw new InvalidRequestException("windowEnd", "must be after windowStart");
    }
    if (!end.isAfter(now)) {
      throw new InvalidRequestException("windowEnd", "must be in the future");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String truncate(String s) {
    return s == null || s.length() <= TEXT ? s : s.substring(0, TEXT - 3) + "...";
  }

  public Long getId() { return id; }
  public String getReleaseKey() { return releaseKey; }
  public String getName() { return name; }
  public String getReleaseVersion() { return releaseVersion; }
  public String getEnvironment() { return environment; }
  public String getChangeNumber() { return changeNumber; }
  public Instant getWindowStart() { return windowStart; }
  public Instant getWindowEnd() { return windowEnd; }
  public String getRollbackPlan() { return rollbackPlan; }
  public ReleaseStatus getStatus() { return status; }
  public String getRequestedBy() { return requestedBy; }
  public String getImplementer() { return implementer; }
  public String getProcessInstanceId() { return processInstanceId; }
  public String getDecidedBy() { return decidedBy; }
  public Instant getDecidedAt() { return decidedAt; }
  public String getDecisionReason() { return decisionReason; }
  public String getTestReportReference() { return testReportReference; }
  public String getEvidenceNotes() { return evidenceNotes; }
  public boolean isFourEyes() { return Boolean.TRUE.equals(fourEyes); }
  public String getFailureReason() { return failureReason; }
  public String getOutcome() { return outcome; }
  public String getVerifiedBy() { return verifiedBy; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getClosedAt() { return closedAt; }
  List<ReleaseLogEntry> getLog() { return Collections.unmodifiableList(log); }
}
