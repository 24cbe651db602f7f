package io.sopflow.securityincident;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.InvalidRequestException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.NaturalId;

/**
 * One security incident, through NIST SP 800-61's phases: reported (the accounts the reporter suspects), triaged
 * (confirmed or a false positive; the officer chooses which reported accounts are locked), contained (those accounts
 * locked, actions on affected assets recorded), eradicated, recovered (per locked account: memberships restored or not,
 * unlocked), reviewed, closed. With personal data involved, the supervisory authority's notification
 * (GDPR Art. 33) is due {@code regulatorNotificationDueAt}; its record or its breach is kept here. Each transition
 * refuses a move its phase does not allow ({@link ConflictException}).
 */
@Entity
@Table(name = "security_incident")
public class SecurityIncident {

  static final String NUMBER_FORMAT = "SEC-%06d";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** Loaded through {@link io.sopflow.persistence.RecordsByNumber}; assigned after the insert, hence mutable. */
  @NaturalId(mutable = true)
  @Column(name = "security_incident_number", unique = true, length = 20)
  private String number;

  @Column(nullable = false, length = 200)
  private String title;

  @Column(nullable = false, length = 2000)
  private String description;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private SecurityCategory category;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Severity severity;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private SecurityIncidentStatus status;

  @Column(name = "reporter", nullable = false, length = 64)
  private String reporter;

  @Column(name = "detected_at", nullable = false)
  private Instant detectedAt;

  @Column(name = "reported_at", nullable = false)
  private Instant reportedAt;

  @Column(name = "personal_data_involved", nullable = false)
  private boolean personalDataInvolved;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "security_incident_account", joinColumns = @JoinColumn(name = "security_incident_id"))
  @OrderColumn(name = "seq")
  private List<AffectedAccount> accounts = new ArrayList<>();

  @ElementCollection(fetch = FetchType.LAZY)
  @CollectionTable(name = "security_incident_asset", joinColumns = @JoinColumn(name = "security_incident_id"))
  @OrderColumn(name = "seq")
  private List<AffectedAsset> assets = new ArrayList<>();

  @ElementCollection(fetch = FetchType.LAZY)
  @CollectionTable(name = "security_incident_action", joinColumns = @JoinColumn(name = "security_incident_id"))
  @OrderColumn(name = "seq")
  private List<ReviewAction> actions = new ArrayList<>();

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "triaged_by", length = 64)
  private String triagedBy;
  @Column(name = "triaged_at")
  private Instant triagedAt;
  @Column(name = "triage_notes", length = 1000)
  private String triageNotes;

  @Column(name = "containment_due_at")
  private Instant containmentDueAt;
  @Column(name = "containment_escalated_at")
  private Instant containmentEscalatedAt;
  @Column(name = "contained_by", length = 64)
  private String containedBy;
  @Column(name = "contained_at")
  private Instant containedAt;
  @Column(name = "containment_notes", length = 1000)
  private String containmentNotes;

  @Column(name = "eradicated_by", length = 64)
  private String eradicatedBy;
  @Column(name = "eradicated_at")
  private Instant eradicatedAt;
  @Column(name = "eradication_notes", length = 1000)
  private String eradicationNotes;

  @Column(name = "recovered_by", length = 64)
  private String recoveredBy;
  @Column(name = "recovered_at")
  private Instant recoveredAt;
  @Column(name = "recovery_notes", length = 1000)
  private String recoveryNotes;

  @Column(name = "reviewed_by", length = 64)
  private String reviewedBy;
  @Column(name = "reviewed_at")
  private Instant reviewedAt;
  @Column(name = "lessons", length = 2000)
  private String lessons;
  @Column(name = "problem_to_raise", nullable = false)
  private boolean problemToRaise;

  @Column(name = "regulator_due_at")
  private Instant regulatorNotificationDueAt;
  @Column(name = "regulator_notified_at")
  private Instant regulatorNotifiedAt;
  @Column(name = "regulator_notified_by", length = 64)
  private String regulatorNotifiedBy;
  @Column(name = "authority_reference", length = 200)
  private String authorityReference;
  @Column(name = "notification_content", length = 2000)
  private String notificationContent;
  @Column(name = "notification_breached_at")
  private Instant notificationBreachedAt;
  @Column(name = "data_subjects_informed")
  private Boolean dataSubjectsInformed;
  @Column(name = "data_subjects_reason", length = 1000)
  private String dataSubjectsReason;

  /** Personal data found affected after triage (containment, eradication): the notification clock runs from here. */
  @Column(name = "personal_data_found_at")
  private Instant personalDataFoundAt;
  @Column(name = "personal_data_found_by", length = 64)
  private String personalDataFoundBy;
  /** The data protection officer's assessment that the breach is unlikely to result in a risk (GDPR Art. 33(1)). */
  @Column(name = "not_notifiable_at")
  private Instant notNotifiableAt;
  @Column(name = "not_notifiable_by", length = 64)
  private String notNotifiableBy;
  @Column(name = "not_notifiable_reason", length = 1000)
  private String notNotifiableReason;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected SecurityIncident() {}

  SecurityIncident(String title, String description, SecurityCategory category, Instant detectedAt,
      boolean personalDataInvolved, Collection<String> accounts, Map<String, Boolean> assets, String reporter,
      Severity severity, Duration regulatorDeadline, Instant now) {
    this.title = title;
    this.description = description;
    this.category = category;
    this.detectedAt = detectedAt;
    this.personalDataInvolved = personalDataInvolved;
    accounts.forEach(a -> this.accounts.add(new AffectedAccount(a)));
    assets.forEach((asset, critical) -> this.assets.add(new AffectedAsset(asset, critical)));
    this.reporter = reporter;
    this.severity = severity;
    this.status = SecurityIncidentStatus.REPORTED;
    this.reportedAt = now;
    if (personalDataInvolved) {
      this.regulatorNotificationDueAt = detectedAt.plus(regulatorDeadline);
    }
  }

  void assignNumber() {
    if (id == null) {
      throw new IllegalStateException("Save the security incident before numbering it");
    }
    if (number == null) {
      number = String.format(NUMBER_FORMAT, id);
    }
  }

  void attachProcessInstance(String id) {
    this.processInstanceId = id;
  }

  /**
   * Triage: a false positive ends the record; a confirmed one enters containment with its (re-)assessed category,
   * severity and personal-data flag, and the officer's choice of the reported accounts to lock ({@code toLock}; the
   * others are only suspected). Personal data found only now starts the notification clock now, still counted from
   * detection.
   */
  /**
   * The officer's correction of the time of detection, before the triage: the reporter gave it, and the supervisory
   * authority's deadline counts from it (a reporter who backdated it would start the incident past its deadline).
   * Never after the report; the deadline moves with it.
   */
  void correctDetection(Instant corrected, Duration regulatorDeadline) {
    require(SecurityIncidentStatus.REPORTED, "correct the time of detection");
    if (corrected.isAfter(reportedAt)) {
      throw new InvalidRequestException("detectedAtCorrected", "must not be after the report (" + reportedAt + ")");
    }
    this.detectedAt = corrected;
    if (personalDataInvolved) {
      this.regulatorNotificationDueAt = corrected.plus(regulatorDeadline);
    }
  }

  void triage(String by, boolean confirmed, SecurityCategory category, boolean personalData, Severity severity,
      String notes, Set<String> toLock, Duration regulatorDeadline, Instant now) {
    require(SecurityIncidentStatus.REPORTED, "triage");
    toLock.forEach(this::account); // only a reported account can be chosen
    this.triagedBy = by;
    this.triagedAt = now;
    this.triageNotes = notes;
    if (!confirmed) {
      this.status = SecurityIncidentStatus.FALSE_POSITIVE;
      this.closedAt = now;
      return;
    }
    this.category = category;
    this.severity = severity;
    accounts.forEach(account -> account.decideLock(toLock.contains(account.getAccount())));
    if (personalData && !personalDataInvolved) {
      this.personalDataInvolved = true;
      this.regulatorNotificationDueAt = detectedAt.plus(regulatorDeadline);
    }
    this.status = SecurityIncidentStatus.CONTAINMENT;
  }

  void containmentDue(Instant due) {
    this.containmentDueAt = due;
  }

  void accountLocked(String account, List<String> removedGroups, Instant now) {
    require(SecurityIncidentStatus.CONTAINMENT, "lock an affected account");
    AffectedAccount affected = account(account);
    if (!affected.isToBeLocked()) {
      throw new ConflictException("Cannot lock " + account + " for " + number + ": the triage did not choose it");
    }
    affected.locked(removedGroups, now);
  }

  void containmentEscalated(Instant now) {
    require(SecurityIncidentStatus.CONTAINMENT, "escalate containment");
    if (containmentEscalatedAt == null) {
      containmentEscalatedAt = now;
    }
  }

  void contain(String by, String notes, Map<String, String> assetActions, Instant now) {
    require(SecurityIncidentStatus.CONTAINMENT, "record containment");
    for (AffectedAsset asset : assets) {
      Optional.ofNullable(assetActions.get(asset.getAsset())).ifPresent(asset::recordAction);
    }
    this.containedBy = by;
    this.containedAt = now;
    this.containmentNotes = notes;
    this.status = SecurityIncidentStatus.ERADICATION;
  }

  void eradicate(String by, String notes, Instant now) {
    require(SecurityIncidentStatus.ERADICATION, "record eradication");
    this.eradicatedBy = by;
    this.eradicatedAt = now;
    this.eradicationNotes = notes;
    this.status = SecurityIncidentStatus.RECOVERY;
  }

  /**
   * The recovery decision per locked account: memberships given back for those in {@code restore}, not for the others.
   * An account containment did not lock has nothing to recover.
   */
  void decideRecovery(String by, Set<String> restore, String notes, Instant now) {
    require(SecurityIncidentStatus.RECOVERY, "decide recovery");
    if (recoveredBy != null) {
      throw new ConflictException("Recovery of " + number + " was already decided by " + recoveredBy);
    }
    for (String account : restore) {
      if (account(account).getLockedAt() == null) {
        throw new IllegalArgumentException(account + " was not locked by " + number);
      }
    }
    for (AffectedAccount account : accounts) {
      if (account.getLockedAt() != null) {
        account.decide(restore.contains(account.getAccount()));
      }
    }
    this.recoveredBy = by;
    this.recoveryNotes = notes;
    this.recoveredAt = now;
  }

  /**
   * This incident released its hold on an account it locked; the account stays locked if others hold it
   * ({@code keptBy}: a leaver's hold, another incident's).
   */
  void accountReleased(String account, List<String> restored, List<String> keptBy, Instant now) {
    require(SecurityIncidentStatus.RECOVERY, "release an affected account");
    AffectedAccount affected = account(account);
    if (affected.getLockedAt() == null) {
      throw new ConflictException("Cannot release " + account + " for " + number + ": it did not lock it");
    }
    affected.released(restored, keptBy, now);
  }

  void recovered() {
    require(SecurityIncidentStatus.RECOVERY, "finish recovery");
    this.status = SecurityIncidentStatus.REVIEW;
  }

  void review(String by, String lessons, List<ReviewAction> actions, boolean problemToRaise, Instant now) {
    require(SecurityIncidentStatus.REVIEW, "record the post-incident review");
    if (reviewedBy != null) {
      throw new ConflictException("The review of " + number + " is recorded already");
    }
    this.reviewedBy = by;
    this.reviewedAt = now;
    this.lessons = lessons;
    this.actions.addAll(actions);
    this.problemToRaise = problemToRaise;
  }

  /**
   * The officers found at containment or eradication that personal data was affected. On an incident not flagged yet
   * this is when the organisation became aware of a personal data breach, so the notification clock (GDPR Art. 33(1):
   * 72 hours "after having become aware of it") runs from {@code now}, not from the detection of the incident
   * ({@link PersonalDataFinding#NOTIFICATION_STARTED}). On one whose notification the data protection officers settled
   * as not notifiable, the new finding reopens it: that assessment was of the data known then, so they assess again,
   * due 72 hours from this finding ({@link PersonalDataFinding#NOTIFICATION_REOPENED}; the earlier assessment stays in
   * the evidence log, the record shows the current state). On one whose notification is open or was made, nothing on
   * the record changes: the data protection officers are told, to take it into the open notification or to give the
   * authority the further information in phases (Art. 33(4); {@link PersonalDataFinding#DPO_TO_BE_TOLD}).
   */
  PersonalDataFinding personalDataFound(String by, Duration regulatorDeadline, Instant now) {
    if (status != SecurityIncidentStatus.CONTAINMENT && status != SecurityIncidentStatus.ERADICATION) {
      throw new ConflictException("Cannot record personal data found of " + number + ": it is " + status);
    }
    if (personalDataInvolved && notNotifiableAt == null) {
      return PersonalDataFinding.DPO_TO_BE_TOLD;
    }
    PersonalDataFinding finding = personalDataInvolved ? PersonalDataFinding.NOTIFICATION_REOPENED
        : PersonalDataFinding.NOTIFICATION_STARTED;
    this.personalDataInvolved = true;
    this.personalDataFoundAt = now;
    this.personalDataFoundBy = by;
    this.regulatorNotificationDueAt = now.plus(regulatorDeadline);
    this.notNotifiableAt = null;
    this.notNotifiableBy = null;
    this.notNotifiableReason = null;
    this.notificationBreachedAt = null; // a breach of the earlier deadline is in the evidence log; this one is new
    return finding;
  }

  /** What a finding of personal data after triage does to the supervisory authority's notification. */
  public enum PersonalDataFinding {
    /** The first personal data of the incident: its notification starts, due from the finding. */
    NOTIFICATION_STARTED,
    /** Its notification had been assessed as not notifiable: the data protection officers assess it again. */
    NOTIFICATION_REOPENED,
    /** Its notification is open or was made: the data protection officers are told of the further data. */
    DPO_TO_BE_TOLD
  }

  void notifyAuthority(String by, String reference, Instant notifiedAt, String content, boolean informSubjects,
      String subjectsReason, Instant now) {
    requireNotificationOpen();
    if (notifiedAt.isAfter(now)) {
      throw new io.sopflow.domain.InvalidRequestException("notifiedAt", "must not be in the future");
    }
    if (notifiedAt.isBefore(detectedAt)) {
      throw new io.sopflow.domain.InvalidRequestException("notifiedAt", "must not be before the detection");
    }
    this.regulatorNotifiedBy = by;
    this.regulatorNotifiedAt = notifiedAt;
    this.authorityReference = reference;
    this.notificationContent = content;
    this.dataSubjectsInformed = informSubjects;
    this.dataSubjectsReason = subjectsReason;
  }

  /**
   * The data protection officer's assessment instead of a notification: the breach is unlikely to result in a risk to
   * the rights and freedoms of people (GDPR Art. 33(1)), with the reason documented (Art. 33(5)). It settles the
   * notification without one.
   */
  void assessNotNotifiable(String by, String reason, Instant now) {
    requireNotificationOpen();
    this.notNotifiableBy = by;
    this.notNotifiableAt = now;
    this.notNotifiableReason = reason;
  }

  private void requireNotificationOpen() {
    if (!personalDataInvolved) {
      throw new ConflictException(number + " involves no personal data: there is nothing to notify");
    }
    if (regulatorNotifiedAt != null) {
      throw new ConflictException("The supervisory authority was notified of " + number + " already");
    }
    if (notNotifiableAt != null) {
      throw new ConflictException(number + " was assessed as not notifiable already");
    }
  }

  /** The notification is settled: notified, or assessed as not notifiable. */
  public boolean isNotificationSettled() {
    return regulatorNotifiedAt != null || notNotifiableAt != null;
  }

  /**
   * Whether the notification deadline counts as missed: breached and not assessed as not notifiable (a breach with no
   * likely risk had nothing to notify, so no deadline to miss; the time the deadline passed stays on the record).
   */
  public boolean isNotificationDeadlineMissed() {
    return notificationBreachedAt != null && notNotifiableAt == null;
  }

  /** The 72-hour deadline passed without a notification: recorded once, the notification still follows. */
  boolean notificationBreached(Instant now) {
    if (!personalDataInvolved || isNotificationSettled() || notificationBreachedAt != null) {
      return false;
    }
    notificationBreachedAt = now;
    return true;
  }

  void close(Instant now) {
    require(SecurityIncidentStatus.REVIEW, "close");
    if (reviewedAt == null) {
      throw new ConflictException(number + " cannot close before its post-incident review");
    }
    if (personalDataInvolved && !isNotificationSettled()) {
      throw new ConflictException(number + " cannot close before the supervisory authority's notification is settled");
    }
    this.status = SecurityIncidentStatus.CLOSED;
    this.closedAt = now;
  }

  /** 50 % of the notification period (detection to deadline). */
  public Instant regulatorFirstReminderAt() {
    return share(0.5);
  }

  /** 80 % of the notification period. */
  public Instant regulatorSecondReminderAt() {
    return share(0.8);
  }

  private Instant share(double share) {
    if (regulatorNotificationDueAt == null) {
      return null;
    }
    Instant from = personalDataFoundAt != null ? personalDataFoundAt : detectedAt;
    long millis = Duration.between(from, regulatorNotificationDueAt).toMillis();
    return from.plusMillis(Math.round(millis * share));
  }

  private AffectedAccount account(String account) {
    return accounts.stream().filter(a -> a.getAccount().equals(account)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(account + " is not an affected account of " + number));
  }

  private void require(SecurityIncidentStatus expected, String what) {
    if (status != expected) {
      throw new ConflictException("Cannot " + what + " of " + number + ": it is " + status);
    }
  }

  public Long getId() { return id; }
  public String getNumber() { return number; }
  public String getTitle() { return title; }
  public String getDescription() { return description; }
  public SecurityCategory getCategory() { return category; }
  public Severity getSeverity() { return severity; }
  public SecurityIncidentStatus getStatus() { return status; }
  public String getReporter() { return reporter; }
  public Instant getDetectedAt() { return detectedAt; }
  public Instant getReportedAt() { return reportedAt; }
  public boolean isPersonalDataInvolved() { return personalDataInvolved; }
  public List<AffectedAccount> getAccounts() { return List.copyOf(accounts); }
  public List<AffectedAsset> getAssets() { return List.copyOf(assets); }
  public List<ReviewAction> getActions() { return List.copyOf(actions); }
  public String getProcessInstanceId() { return processInstanceId; }
  public String getTriagedBy() { return triagedBy; }
  public Instant getTriagedAt() { return triagedAt; }
  public String getTriageNotes() { return triageNotes; }
  public Instant getContainmentDueAt() { return containmentDueAt; }
  public Instant getContainmentEscalatedAt() { return containmentEscalatedAt; }
  public String getContainedBy() { return containedBy; }
  public Instant getContainedAt() { return containedAt; }
  public String getContainmentNotes() { return containmentNotes; }
  public String getEradicatedBy() { return eradicatedBy; }
  public Instant getEradicatedAt() { return eradicatedAt; }
  public String getEradicationNotes() { return eradicationNotes; }
  public String getRecoveredBy() { return recoveredBy; }
  public Instant getRecoveredAt() { return recoveredAt; }
  public String getRecoveryNotes() { return recoveryNotes; }
  public String getReviewedBy() { return reviewedBy; }
  public Instant getReviewedAt() { return reviewedAt; }
  public String getLessons() { return lessons; }
  public boolean isProblemToRaise() { return problemToRaise; }
  public Instant getRegulatorNotificationDueAt() { return regulatorNotificationDueAt; }
  public Instant getRegulatorNotifiedAt() { return regulatorNotifiedAt; }
  public String getRegulatorNotifiedBy() { return regulatorNotifiedBy; }
  public String getAuthorityReference() { return authorityReference; }
  public String getNotificationContent() { return notificationContent; }
  public Instant getNotificationBreachedAt() { return notificationBreachedAt; }
  public Boolean getDataSubjectsInformed() { return dataSubjectsInformed; }
  public String getDataSubjectsReason() { return dataSubjectsReason; }
  public Instant getPersonalDataFoundAt() { return personalDataFoundAt; }
  public String getPersonalDataFoundBy() { return personalDataFoundBy; }
  public Instant getNotNotifiableAt() { return notNotifiableAt; }
  public String getNotNotifiableBy() { return notNotifiableBy; }
  public String getNotNotifiableReason() { return notNotifiableReason; }
  public Instant getClosedAt() { return closedAt; }
}
