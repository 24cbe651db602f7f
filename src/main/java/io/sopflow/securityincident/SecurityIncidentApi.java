package io.sopflow.securityincident;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.sopflow.audit.AuditEntry;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** The JSON of {@code /api/security-incidents}: field names are a public contract (DESIGN.md). */
public final class SecurityIncidentApi {

  private SecurityIncidentApi() {}

  /**
   * {@code POST /api/security-incidents}; the reporter is the authenticated caller. The lists are JSON arrays; a single
   * string is taken as a comma-separated list (the start form's text fields).
   */
  public record ReportSecurityIncident(
      @NotBlank @Size(max = 200) String title,
      @NotBlank @Size(max = 2000) String description,
      @NotNull SecurityCategory category,
      @NotNull OffsetDateTime detectedAt,
      Boolean personalDataInvolved,
      @Size(max = 50) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      List<@NotNull @Size(max = 1000) String> affectedAccounts,
      @Size(max = 50) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      List<@NotNull @Size(max = 1000) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]*(\\s*,\\s*[A-Za-z0-9][A-Za-z0-9._:-]*)*",
          message = "must be asset names (letters, digits, '.', '_', ':' and '-'), comma-separated") String>
      affectedAssets) {}

  /** {@code POST /api/security-incidents/{number}/evidence}: one entry of the evidence log. */
  public record AddEvidence(@NotBlank @Size(max = 1900) String note) {}

  /**
   * An account the reporter named: {@code lock} is the triage's choice (absent before the triage, and on records
   * triaged before the officer chose, when every reported account was locked). The group memberships removed and
   * restored are shown only to those who contain and recover ({@code memberships}); for anyone else they are absent.
   * {@code releasedAt}: when recovery released this incident's hold on the lock; {@code keptLockedBy}: who still held
   * it then ({@code leaver}, another incident's number, {@code unattributed}), so that the account stayed locked;
   * {@code unlockedAt}: when it was unlocked, if nobody did.
   */
  public record AccountView(String account, Boolean lock, List<String> removedGroups, Instant lockedAt,
      Boolean restoreMemberships, List<String> restoredGroups, Instant releasedAt, List<String> keptLockedBy,
      Instant unlockedAt) {
    static AccountView asReported(AffectedAccount a) {
      return new AccountView(a.getAccount(), null, null, null, null, null, null, null, null);
    }

    static AccountView of(AffectedAccount a, boolean memberships) {
      return new AccountView(a.getAccount(), a.getLock(), memberships ? a.getRemovedGroups() : null, a.getLockedAt(),
          a.getRestoreMemberships(), memberships ? a.getRestoredGroups() : null, a.getReleasedAt(),
          a.getReleasedAt() == null ? null : a.getKeptLockedBy(), a.getUnlockedAt());
    }
  }

  public record AssetView(String asset, boolean critical, String action) {
    static AssetView of(AffectedAsset a) {
      return new AssetView(a.getAsset(), a.isCritical(), a.getAction());
    }

    static AssetView asReported(AffectedAsset a) {
      return new AssetView(a.getAsset(), a.isCritical(), null);
    }
  }

  public record ActionView(String description, String owner, LocalDate dueDate) {
    static ActionView of(ReviewAction a) {
      return new ActionView(a.getDescription(), a.getOwner(), a.getDueDate());
    }
  }

  /** The full record, as {@code GET /api/security-incidents/{number}} and the {@code POST} answer. */
  public record SecurityIncidentView(String number, String title, String description, SecurityCategory category,
      Severity severity, SecurityIncidentStatus status, String reporter, Instant detectedAt, Instant reportedAt,
      boolean personalDataInvolved, List<AccountView> affectedAccounts, List<AssetView> affectedAssets,
      String triagedBy, Instant triagedAt, String triageNotes, Instant containmentDueAt,
      Instant containmentEscalatedAt, boolean containmentBreached, String containedBy, Instant containedAt,
      String containmentNotes, String eradicatedBy, Instant eradicatedAt, String eradicationNotes,
      String recoveredBy, Instant recoveredAt, String recoveryNotes, Instant regulatorNotificationDueAt,
      Instant regulatorNotifiedAt, String regulatorNotifiedBy, String authorityReference, String notificationContent,
      Instant notificationBreachedAt, boolean notificationBreached, Boolean dataSubjectsInformed,
      String dataSubjectsReason, Instant personalDataFoundAt, String personalDataFoundBy,
      NotificationOutcome notificationOutcome, Instant notNotifiableAt, String notNotifiableBy,
      String notNotifiableReason, String reviewedBy, Instant reviewedAt, String lessons, List<ActionView> actions,
      boolean problemToRaise, Instant closedAt, String processInstanceId) {

    /** The record; the accounts' group memberships only with {@code memberships} ({@link AccountView}). */
    static SecurityIncidentView of(SecurityIncident s, boolean memberships) {
      return new SecurityIncidentView(s.getNumber(), s.getTitle(), s.getDescription(), s.getCategory(),
          s.getSeverity(), s.getStatus(), s.getReporter(), s.getDetectedAt(), s.getReportedAt(),
          s.isPersonalDataInvolved(), s.getAccounts().stream().map(a -> AccountView.of(a, memberships)).toList(),
          s.getAssets().stream().map(AssetView::of).toList(), s.getTriagedBy(), s.getTriagedAt(),
          s.getTriageNotes(), s.getContainmentDueAt(), s.getContainmentEscalatedAt(),
          s.getContainmentEscalatedAt() != null, s.getContainedBy(), s.getContainedAt(), s.getContainmentNotes(),
          s.getEradicatedBy(), s.getEradicatedAt(), s.getEradicationNotes(), s.getRecoveredBy(), s.getRecoveredAt(),
          s.getRecoveryNotes(), s.getRegulatorNotificationDueAt(), s.getRegulatorNotifiedAt(),
          s.getRegulatorNotifiedBy(), s.getAuthorityReference(), s.getNotificationContent(),
          s.getNotificationBreachedAt(), s.isNotificationDeadlineMissed(), s.getDataSubjectsInformed(),
          s.getDataSubjectsReason(), s.getPersonalDataFoundAt(), s.getPersonalDataFoundBy(), outcomeOf(s),
          s.getNotNotifiableAt(), s.getNotNotifiableBy(), s.getNotNotifiableReason(), s.getReviewedBy(), s.getReviewedAt(), s.getLessons(),
          s.getActions().stream().map(ActionView::of).toList(), s.isProblemToRaise(), s.getClosedAt(),
          s.getProcessInstanceId());
    }

    /**
     * The record as its reporter sees it, who does not work on it: what they reported, its severity, status and when
     * each phase ended, the supervisory authority's deadline (from what they reported), none of the investigation (who worked on it, notes, which accounts were locked, the authority's
     * reference and notification, lessons and actions); the process instance's id, which names nothing, links the
     * report to its start. The reporter may be the insider it is about.
     */
    static SecurityIncidentView asReported(SecurityIncident s) {
      return new SecurityIncidentView(s.getNumber(), s.getTitle(), s.getDescription(), s.getCategory(),
          s.getSeverity(), s.getStatus(), s.getReporter(), s.getDetectedAt(), s.getReportedAt(),
          s.isPersonalDataInvolved(), s.getAccounts().stream().map(AccountView::asReported).toList(),
          s.getAssets().stream().map(AssetView::asReported).toList(), null, s.getTriagedAt(), null, null, null,
          false, null, s.getContainedAt(), null, null, s.getEradicatedAt(), null, null, s.getRecoveredAt(), null,
          s.getRegulatorNotificationDueAt(), null, null, null, null, null, false, null, null, null, null, null, null,
          null, null, null, s.getReviewedAt(),
          null, List.of(), false,
          s.getClosedAt(), s.getProcessInstanceId());
    }
  }

  /** How the notification was settled; {@code null} while it is open or without personal data. */
  static NotificationOutcome outcomeOf(SecurityIncident s) {
    return s.getRegulatorNotifiedAt() != null ? NotificationOutcome.NOTIFIED
        : s.getNotNotifiableAt() != null ? NotificationOutcome.NOT_NOTIFIABLE : null;
  }

  /** One line of {@code GET /api/security-incidents}. */
  public record SecurityIncidentSummary(String number, String title, SecurityCategory category, Severity severity,
      SecurityIncidentStatus status, String reporter, Instant detectedAt, Instant regulatorNotificationDueAt) {
    static SecurityIncidentSummary of(SecurityIncident s) {
      return new SecurityIncidentSummary(s.getNumber(), s.getTitle(), s.getCategory(), s.getSeverity(),
          s.getStatus(), s.getReporter(), s.getDetectedAt(), s.getRegulatorNotificationDueAt());
    }
  }

  /**
   * One entry of the evidence log: who, what, when (from the hash-chained audit trail; sealed once chained). Without
   * {@code details} an entry's details are withheld (absent): those that name group memberships, for a reader who may
   * not see them.
   */
  public record EvidenceEntry(Instant at, String actor, String action, String details, Long seq, boolean sealed) {
    static EvidenceEntry of(AuditEntry e, boolean details) {
      return new EvidenceEntry(e.getRecordedAt(), e.getActor(), e.getAction(), details ? e.getDetails() : null,
          e.getSeq(), e.isSealed());
    }
  }

  /** What the forms show (read from the record when a task is created: the process carries references only). */
  public record TaskDetails(String number, String title, String description, String category, String severity,
      String detectedAt,
      String affectedAccounts, String affectedAssets, String regulatorNotificationDueAt) {}

  /** The notification clock of personal data found after triage, as the process needs it (its timers and due date). */
  public record NotificationClock(Instant regulatorNotificationDueAt, Instant regulatorFirstReminderAt,
      Instant regulatorSecondReminderAt) {}

  /** The triage's outcome, as the process needs it. */
  public record TriageOutcome(boolean confirmed, boolean personalDataInvolved, Severity severity,
      Instant containmentWarningAt, Instant containmentDueAt, Instant regulatorNotificationDueAt,
      Instant regulatorFirstReminderAt, Instant regulatorSecondReminderAt) {}
}
