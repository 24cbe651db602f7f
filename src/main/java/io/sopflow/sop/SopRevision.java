package io.sopflow.sop;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One deployed version of an SOP model ({@code REV-IncidentEscalationProcess-2}): who deployed it, who approved or
 * rejected it, and whether it is the version in force. Only a PROPOSED revision is decided, never by its author
 * (four-eyes), and only once its automatic checks passed; the version in force is superseded by the next approval.
 */
@Entity
@Table(name = "sop_revision")
class SopRevision {

  static final String KEY_PREFIX = "REV-";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "process_key", nullable = false, length = 128)
  private String processKey;

  @Column(name = "process_version", nullable = false)
  private int version;

  @Column(name = "process_definition_id", nullable = false, length = 64)
  private String processDefinitionId;

  @Column(name = "version_tag", length = 64)
  private String versionTag;

  @Column(nullable = false, length = 64)
  private String author;

  @Column(length = 64)
  private String approver;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private SopRevisionStatus status;

  @Column(name = "deployed_at", nullable = false)
  private Instant deployedAt;

  @Column(name = "effective_from")
  private Instant effectiveFrom;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @Column(length = 2000)
  private String notes;

  @Column(name = "checks_passed")
  private Boolean checksPassed;

  @Lob
  @Column(length = Integer.MAX_VALUE)
  private String checks;

  @Lob
  @Column(name = "change_summary", length = Integer.MAX_VALUE)
  private String changeSummary;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected SopRevision() {}

  private SopRevision(NewVersion deployed, SopRevisionStatus status) {
    this.processKey = deployed.processKey();
    this.version = deployed.version();
    this.processDefinitionId = deployed.processDefinitionId();
    this.versionTag = deployed.versionTag();
    this.author = deployed.author();
    this.deployedAt = deployed.deployedAt();
    this.status = status;
  }

  /** A version in force from the moment it was deployed: an SOP's first version, or one adopted without review. */
  static SopRevision inForce(NewVersion deployed, String approver, String notes) {
    SopRevision revision = new SopRevision(deployed, SopRevisionStatus.IN_FORCE);
    revision.approver = approver;
    revision.effectiveFrom = deployed.deployedAt();
    revision.decidedAt = deployed.deployedAt();
    revision.notes = notes;
    return revision;
  }

  /** A changed version of an SOP: deployed, not in force until a second process owner approves it. */
  static SopRevision proposed(NewVersion deployed) {
    return new SopRevision(deployed, SopRevisionStatus.PROPOSED);
  }

  static String keyOf(String processKey, int version) {
    return KEY_PREFIX + processKey + "-" + version;
  }

  void recordChecks(boolean passed, String checks, String changeSummary) {
    requireProposed();
    this.checksPassed = passed;
    this.checks = checks;
    this.changeSummary = changeSummary;
  }

  void attachProcessInstance(String processInstanceId) {
    this.processInstanceId = processInstanceId;
  }

  /** In force from {@code at}; the caller supersedes the version that was in force. */
  void approve(String approver, String notes, Instant at) {
    requireDecidableBy(approver);
    if (!Boolean.TRUE.equals(checksPassed)) {
      throw new InvalidRequestException("revisionApproved", "cannot approve " + key()
          + ": its automatic checks found problems (see the checks); reject it and deploy a corrected model");
    }
    this.status = SopRevisionStatus.IN_FORCE;
    this.approver = approver;
    this.notes = notes;
    this.decidedAt = at;
    this.effectiveFrom = at;
  }

  void reject(String approver, String notes, Instant at) {
    requireDecidableBy(approver);
    this.status = SopRevisionStatus.REJECTED;
    this.approver = approver;
    this.notes = notes;
    this.decidedAt = at;
  }

  void supersede() {
    if (status != SopRevisionStatus.IN_FORCE) {
      throw new ConflictException(key() + " is " + status + ": only the version in force is superseded");
    }
    this.status = SopRevisionStatus.SUPERSEDED;
  }

  private void requireDecidableBy(String person) {
    requireProposed();
    if (author.equals(person)) {
      throw new ForbiddenException(person + " deployed " + key() + " and may not decide its review: a second process "
          + "owner approves a revision (four-eyes)");
    }
  }

  private void requireProposed() {
    if (status != SopRevisionStatus.PROPOSED) {
      throw new ConflictException(key() + " is " + status + ", not PROPOSED: it was decided already");
    }
  }

  String key() {
    return keyOf(processKey, version);
  }

  String getProcessKey() { return processKey; }
  int getVersion() { return version; }
  String getProcessDefinitionId() { return processDefinitionId; }
  String getVersionTag() { return versionTag; }
  String getAuthor() { return author; }
  String getApprover() { return approver; }
  SopRevisionStatus getStatus() { return status; }
  Instant getDeployedAt() { return deployedAt; }
  Instant getEffectiveFrom() { return effectiveFrom; }
  Instant getDecidedAt() { return decidedAt; }
  String getNotes() { return notes; }
  Boolean getChecksPassed() { return checksPassed; }
  String getChecks() { return checks; }
  String getChangeSummary() { return changeSummary; }
  String getProcessInstanceId() { return processInstanceId; }
}
