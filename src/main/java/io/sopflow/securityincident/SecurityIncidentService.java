package io.sopflow.securityincident;

import static io.sopflow.notification.NotificationModelContributor.lazy;

import io.sopflow.access.AccountContainment;
import io.sopflow.access.AccountContainment.Recovery;
import io.sopflow.access.AccountContainment.Suspension;
import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.Links;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.persistence.RecordsByNumber;
import io.sopflow.securityincident.SecurityIncidentApi.AddEvidence;
import io.sopflow.securityincident.SecurityIncidentApi.EvidenceEntry;
import io.sopflow.securityincident.SecurityIncidentApi.NotificationClock;
import io.sopflow.securityincident.SecurityIncidentApi.ReportSecurityIncident;
import io.sopflow.securityincident.SecurityIncidentApi.SecurityIncidentSummary;
import io.sopflow.securityincident.SecurityIncidentApi.SecurityIncidentView;
import io.sopflow.securityincident.SecurityIncidentApi.TaskDetails;
import io.sopflow.securityincident.SecurityIncidentApi.TriageOutcome;
import io.sopflow.sla.SlaBreached;
import io.sopflow.sla.SlaDates;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The security incident SOP's public face: reporting (anyone), triage and severity, containment that locks the
 * affected accounts for real, eradication, recovery per account, the supervisory authority's notification (GDPR Art.
 * 33/34), the post-incident review and the evidence log. Every step is written to the hash-chained audit trail, which
 * is the incident's evidence log. Security incidents are confidential: the reporter, the working groups, managers and
 * admins see one; anyone else gets 404.
 */
@Service
@Transactional
public class SecurityIncidentService implements NotificationModelContributor {

  static final String SUBJECT = "Security incident";
  /**
   * The audit subjects of a security incident's evidence: its own entries, the commands its model's steps ran
   * ({@code command.CommandRunner}, subject "Command") and the SLA escalations the element template records under the
   * SOP's name (its package, as {@code platform.SopProcesses} finds it). An entry of another subject that happens to
   * carry the same key (an SOP whose process key reads {@code SEC-000001}) is not evidence.
   */
  static final Set<String> EVIDENCE_SUBJECTS = Set.of(SUBJECT, "Command",
      SecurityIncidentService.class.getPackageName().substring(SecurityIncidentService.class.getPackageName()
          .lastIndexOf('.') + 1));
  static final String NUMBER_PREFIX = "SEC-";
  /** Groups that work on security incidents and see every one (managers and admins oversee every SOP). */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.SECURITY_OFFICERS, Groups.DATA_PROTECTION_OFFICERS);
  /**
   * Who sees the affected accounts' group memberships (removed at containment, restored at recovery), on the record
   * and in the evidence log: the security officers, who contain and recover, and managers and admins
   * ({@link RecordVisibility#OVERSEERS}). Not the reporter: a report names suspected accounts, it does not entitle
   * anyone to learn their memberships.
   */
  static final Set<String> MEMBERSHIP_READERS = Set.of(Groups.SECURITY_OFFICERS);
  /** Entries of the evidence log that name an account's group memberships (shown to {@link #MEMBERSHIP_READERS}). */
  static final Set<String> MEMBERSHIP_ENTRIES = Set.of("ACCOUNT_LOCKED", "RECOVERY_DECIDED", "ACCOUNT_UNLOCKED",
      "ACCOUNT_KEPT_LOCKED");
  /** Who may add to the evidence log. */
  static final Set<String> EVIDENCE_WRITERS = Set.of(Groups.SECURITY_OFFICERS, Groups.ADMINS);
  /** A reporter's clock may run a little ahead of ours: a detection time this far in the future is still accepted. */
  static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);
  /** The SLA target of the supervisory authority's notification deadline (GDPR Art. 33) in {@link SlaBreached}. */
  static final String REGULATOR_NOTIFICATION = "regulator-notification";
  /** Who settles the supervisory authority's notification (GDPR Art. 33): a decision of the group's own members. */
  static final Set<String> DPO = Set.of(Groups.DATA_PROTECTION_OFFICERS);

  private final SecurityIncidentRepository incidents;
  private final RecordsByNumber byNumber;
  private final SecurityIncidentProperties properties;
  private final SeverityTable severityTable;
  private final AccountContainment containment;
  private final Directory directory;
  private final SlaDates slaDates;
  private final AuditTrail audit;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Links links;

  SecurityIncidentService(SecurityIncidentRepository incidents, SecurityIncidentProperties properties,
      SeverityTable severityTable, AccountContainment containment, Directory directory, SlaDates slaDates,
      AuditTrail audit, CurrentUser currentUser, RecordVisibility visibility, ApplicationEventPublisher events,
      Clock clock, Links links, RecordsByNumber byNumber) {
    this.byNumber = byNumber;
    this.incidents = incidents;
    this.properties = properties;
    this.severityTable = severityTable;
    this.containment = containment;
    this.directory = directory;
    this.slaDates = slaDates;
    this.audit = audit;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.events = events;
    this.clock = clock;
    this.links = links;
  }

  // ---- API ---------------------------------------------------------------------------------------------------------

  /** Anyone signed in may report; the reporter is the caller. Bad input is refused naming the field, nothing stored. */
  public SecurityIncidentView report(ReportSecurityIncident request) {
    String reporter = currentUser.require();
    Instant now = clock.instant();
    if (request == null) {
      throw new InvalidRequestException("title", "is required");
    }
    if (request.detectedAt() == null) {
      throw new InvalidRequestException("detectedAt", "is required");
    }
    Instant detectedAt = request.detectedAt().toInstant();
    if (detectedAt.isAfter(now.plus(CLOCK_TOLERANCE))) {
      throw new InvalidRequestException("detectedAt", "must not be in the future");
    }
    Set<String> accounts = new LinkedHashSet<>();
    for (String id : items(request.affectedAccounts())) {
      if (id.length() > 64 || !containment.accountExists(id)) {
        throw new InvalidRequestException("affectedAccounts", "names an unknown account: " + cut(id, 64));
      }
      accounts.add(id);
    }
    Map<String, Boolean> assets = new LinkedHashMap<>();
    Set<String> critical = properties.criticalAssetSet();
    for (String asset : items(request.affectedAssets())) {
      if (asset.length() > 100) {
        throw new InvalidRequestException("affectedAssets", "names an asset longer than 100 characters");
      }
      assets.put(asset, critical.contains(asset));
    }
    if (accounts.size() > 50 || assets.size() > 50) {
      throw new InvalidRequestException(accounts.size() > 50 ? "affectedAccounts" : "affectedAssets",
          "must name at most 50");
    }
    boolean personalData = Boolean.TRUE.equals(request.personalDataInvolved());
    Severity severity = severityTable.severityOf(request.category(), personalData, assets.size() + accounts.size(),
        assets.containsValue(true));
    SecurityIncident incident = incidents.saveAndFlush(new SecurityIncident(request.title().strip(),
        request.description().strip(), request.category(), detectedAt, personalData, accounts, assets, reporter,
        severity, properties.regulatorNotificationDeadline(), now));
    incident.assignNumber();
    audit.record(AuditEvent.of(reporter, "REPORTED", SUBJECT, incident.getNumber(), request.category() + ", severity "
        + severity + ", detected " + detectedAt + (personalData ? ", personal data involved" : "")
        + (accounts.isEmpty() ? "" : ", accounts " + String.join(",", accounts))
        + (assets.isEmpty() ? "" : ", assets " + String.join(",", assets.keySet()))));
    events.publishEvent(new SecurityIncidentReported(incident.getNumber(), reporter, personalData, severity));
    return view(incident);
  }

  /**
   * The record: for those who work on security incidents and the overseers in full (the accounts' group memberships
   * only for {@link #MEMBERSHIP_READERS}), for its reporter as reported ({@link SecurityIncidentView#asReported}).
   */
  @Transactional(readOnly = true)
  public SecurityIncidentView find(String number) {
    return view(visible(number));
  }

  private SecurityIncidentView view(SecurityIncident incident) {
    return visibility.seesAll(WORKING_GROUPS)
        ? SecurityIncidentView.of(incident, visibility.seesAll(MEMBERSHIP_READERS))
        : SecurityIncidentView.asReported(incident);
  }

  /** The security incidents the caller may see (reporters: their own), newest first, by status and severity. */
  @Transactional(readOnly = true)
  public RecordPage<SecurityIncidentSummary> list(SecurityIncidentStatus status, Severity severity, PageQuery page) {
    Specification<SecurityIncident> filters = (root, query, cb) -> {
      List<Predicate> where = new ArrayList<>();
      if (status != null) {
        where.add(cb.equal(root.get("status"), status));
      }
      if (severity != null) {
        where.add(cb.equal(root.get("severity"), severity));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
    Specification<SecurityIncident> spec =
        visibility.<SecurityIncident>visibleRecords(WORKING_GROUPS, "reporter").and(filters);
    Page<SecurityIncident> result = incidents.findAll(spec,
        PageRequest.of(page.page(), page.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(page, result.getContent(), result.getTotalElements(), SecurityIncidentSummary::of);
  }

  /**
   * The evidence log: every audit entry about the incident, in the order written (who, what, when); the details of the
   * entries that name group memberships only for {@link #MEMBERSHIP_READERS}, and for the reporter, who does not work
   * on it, only the details of their own entries (the report): they follow the steps, not the investigation.
   */
  @Transactional(readOnly = true)
  public List<EvidenceEntry> evidence(String number) {
    visible(number);
    boolean investigator = visibility.seesAll(WORKING_GROUPS);
    boolean memberships = visibility.seesAll(MEMBERSHIP_READERS);
    String caller = currentUser.require();
    return audit.entriesFor(number).stream().filter(e -> EVIDENCE_SUBJECTS.contains(e.getSubjectType()))
        .map(e -> EvidenceEntry.of(e, investigator ? memberships || !MEMBERSHIP_ENTRIES.contains(e.getAction())
            : caller.equals(e.getActor()))).toList();
  }

  /** Security officers (and admins) add evidence; append-only, like everything in the audit trail. */
  public EvidenceEntry addEvidence(String number, AddEvidence request) {
    SecurityIncident incident = visible(number);
    if (currentUser.groups().stream().noneMatch(EVIDENCE_WRITERS::contains)) {
      throw new ForbiddenException("Only security officers add evidence to a security incident");
    }
    if (request == null || request.note() == null || request.note().isBlank()) {
      throw new InvalidRequestException("note", "is required");
    }
    String by = currentUser.require();
    audit.record(AuditEvent.of(by, "EVIDENCE", SUBJECT, incident.getNumber(), request.note().strip()));
    return new EvidenceEntry(clock.instant(), by, "EVIDENCE", request.note().strip(), null, false);
  }

  // ---- process -----------------------------------------------------------------------------------------------------

  public void processStarted(String number, String processInstanceId) {
    get(number).attachProcessInstance(processInstanceId);
  }

  /** What the task forms show (the process carries references only). */
  @Transactional(readOnly = true)
  public TaskDetails taskDetails(String number) {
    SecurityIncident s = get(number);
    return new TaskDetails(s.getNumber(), s.getTitle(), s.getDescription(), s.getCategory().name(),
        s.getSeverity().name(), s.getDetectedAt().toString(),
        s.getAccounts().stream().map(a -> a.getAccount() + (a.getLockedAt() != null ? " (locked)" : ""))
            .collect(Collectors.joining(", ")),
        s.getAssets().stream().map(a -> a.getAsset() + (a.isCritical() ? " (critical)" : ""))
            .collect(Collectors.joining(", ")),
        s.getRegulatorNotificationDueAt() == null ? "" : s.getRegulatorNotificationDueAt().toString());
  }

  /**
   * Triage by a security officer: confirmed or a false positive; the category, personal data and criticality as
   * assessed now give the severity (DMN {@code SecuritySeverity}), which sets the containment SLA. The reporter named
   * the accounts they suspect; the officer chooses which of them containment locks ({@code lockAccounts},
   * comma-separated; empty: none). A name that is not a reported account is refused, and nothing is recorded.
   */
  /**
   * The officer corrects the time of detection the reporter gave, before confirming the incident (400 naming
   * {@code detectedAtCorrected} after the report); the authority's deadline moves with it. Recorded in the evidence log.
   */
  public void correctDetection(String number, String by, Instant corrected) {
    SecurityIncident s = get(number);
    Instant reported = s.getDetectedAt();
    if (corrected.equals(reported)) {
      return;
    }
    s.correctDetection(corrected, properties.regulatorNotificationDeadline());
    audit.record(AuditEvent.of(by, "DETECTION_CORRECTED", SUBJECT, number, "detected " + corrected + ", reported as "
        + reported + (s.getRegulatorNotificationDueAt() == null ? "" : "; notify the authority by "
        + s.getRegulatorNotificationDueAt())));
  }

  public TriageOutcome triage(String number, String by, boolean confirmed, SecurityCategory category,
      boolean personalData, boolean criticalAssetAffected, String notes, String lockAccounts) {
    SecurityIncident s = get(number);
    Set<String> toLock = confirmed ? accountsNamed("lockAccounts", lockAccounts, s.getAccounts().stream()
        .map(AffectedAccount::getAccount).toList(), "a reported account") : Set.of();
    return triage(s, by, confirmed, category, personalData, criticalAssetAffected, notes, toLock);
  }

  /**
   * {@link #triage(String, String, boolean, SecurityCategory, boolean, boolean, String, String)} from a triage form
   * that has no choice of accounts (the model's versions before it, whose instances keep their forms): confirming
   * locks every reported account, as that form told the officer.
   */
  public TriageOutcome triage(String number, String by, boolean confirmed, SecurityCategory category,
      boolean personalData, boolean criticalAssetAffected, String notes) {
    SecurityIncident s = get(number);
    Set<String> everyAccount = confirmed ? s.getAccounts().stream().map(AffectedAccount::getAccount)
        .collect(Collectors.toCollection(LinkedHashSet::new)) : Set.of();
    return triage(s, by, confirmed, category, personalData, criticalAssetAffected, notes, everyAccount);
  }

  private TriageOutcome triage(SecurityIncident s, String by, boolean confirmed, SecurityCategory category,
      boolean personalData, boolean criticalAssetAffected, String notes, Set<String> toLock) {
    String number = s.getNumber();
    Instant now = clock.instant();
    boolean critical = criticalAssetAffected || s.getAssets().stream().anyMatch(AffectedAsset::isCritical);
    boolean personal = personalData || s.isPersonalDataInvolved();
    Severity severity = confirmed ? severityTable.severityOf(category, personal,
        s.getAssets().size() + s.getAccounts().size(), critical) : s.getSeverity();
    s.triage(by, confirmed, category, personal, severity, notes, toLock, properties.regulatorNotificationDeadline(),
        now);
    if (!confirmed) {
      audit.record(AuditEvent.of(by, "FALSE_POSITIVE", SUBJECT, number, notes));
      return new TriageOutcome(false, s.isPersonalDataInvolved(), s.getSeverity(), null, null, null, null, null);
    }
    String step = severity.containmentStep();
    Instant warningAt = slaDates.reminder(step).toInstant();
    Instant dueAt = slaDates.escalation(step).toInstant();
    s.containmentDue(dueAt);
    audit.record(AuditEvent.of(by, "CONFIRMED", SUBJECT, number, category + ", severity " + severity
        + ", containment due " + dueAt + (s.isPersonalDataInvolved() ? ", personal data: notify the authority by "
        + s.getRegulatorNotificationDueAt() : "") + (s.getAccounts().isEmpty() ? "" : ", accounts to lock: "
        + (toLock.isEmpty() ? "none" : String.join(",", toLock))) + "; " + notes));
    return new TriageOutcome(true, s.isPersonalDataInvolved(), severity, warningAt, dueAt,
        s.getRegulatorNotificationDueAt(), s.regulatorFirstReminderAt(), s.regulatorSecondReminderAt());
  }

  /**
   * Containment, for real: every account the triage chose is locked, the incident holding the lock under its number
   * (an account locked already, a leaver's or one another incident contains, gets this incident's hold too), and
   * loses its group memberships through the access SOP; the groups are remembered on the record. The other reported
   * accounts are left alone. Idempotent: a retried step finds the accounts locked already. The accounts are taken in
   * the order of their ids, as by every incident, so that two incidents containing the same accounts at once wait for
   * each other rather than deadlock.
   */
  public void lockAffectedAccounts(String number) {
    SecurityIncident s = get(number);
    Instant now = clock.instant();
    for (AffectedAccount account : inAccountOrder(s)) {
      if (!account.isToBeLocked() || account.getLockedAt() != null) {
        continue;
      }
      Suspension suspension = containment.suspend(account.getAccount(), number);
      List<String> removed = suspension.removedGroups();
      s.accountLocked(account.getAccount(), removed, now);
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "ACCOUNT_LOCKED", SUBJECT, number, account.getAccount()
          + ": log-in refused" + (suspension.wasLocked() ? " (already locked, held also by "
          + String.join(", ", suspension.alsoHeldBy()) + ")" : "") + ", memberships removed: "
          + (removed.isEmpty() ? "none" : String.join(",", removed)) + lapsed(suspension.lapsed())));
    }
  }

  /**
   * The containment SLA is breached: recorded and counted as a breach of the severity's step SLA
   * ({@code containment-critical} ...); the managers' mail follows in the model.
   */
  public void escalateContainment(String number) {
    SecurityIncident s = get(number);
    s.containmentEscalated(clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CONTAINMENT_ESCALATED", SUBJECT, number, "containment of severity "
        + s.getSeverity() + " was due " + s.getContainmentDueAt()));
    events.publishEvent(SlaBreached.in(SecurityIncidentService.class, severityOf(s),
        slaTarget(s.getSeverity().containmentStep()), 1));
  }

  /**
   * The officer's containment record: notes and the action taken per affected asset, one line each as
   * {@code asset: action}; an asset that is not affected is refused.
   */
  public void recordContainment(String number, String by, String notes, String assetActions) {
    SecurityIncident s = get(number);
    Set<String> known = s.getAssets().stream().map(AffectedAsset::getAsset).collect(Collectors.toSet());
    Map<String, String> actions = new LinkedHashMap<>();
    for (String line : lines(assetActions)) {
      int colon = line.indexOf(':');
      String asset = colon < 0 ? "" : line.substring(0, colon).strip();
      String action = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (!known.contains(asset) || action.isEmpty()) {
        throw new InvalidRequestException("assetActions", "each line must be 'asset: action' for an affected asset ("
            + String.join(", ", known) + ")");
      }
      actions.put(asset, action);
    }
    s.contain(by, notes, actions, clock.instant());
    audit.record(AuditEvent.of(by, "CONTAINED", SUBJECT, number, notes + (actions.isEmpty() ? ""
        : "; " + actions.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("; ")))));
  }

  /**
   * The officers found at containment or eradication that personal data was affected ({@link SecurityIncident}
   * {@code personalDataFound} says what it does). Every finding is in the evidence log ({@code PERSONAL_DATA_FOUND}:
   * who, when, in which phase and what it changed). A finding that starts the notification (the first personal data
   * of the incident) or reopens it (it had been assessed as not notifiable) makes it due
   * {@code sopflow.security.regulator-notification-deadline} from now, when the organisation became aware of the
   * personal data (GDPR Art. 33(1)); the answer is that clock, for the notification task the process starts. Empty:
   * the notification is open or was made, and the process tells the data protection officers of the further data.
   */
  public Optional<NotificationClock> recordPersonalDataFound(String number, String by) {
    SecurityIncident s = get(number);
    String phase = s.getStatus().name().toLowerCase(java.util.Locale.ROOT);
    String earlier = s.isNotificationSettled() ? "notified " + s.getRegulatorNotifiedAt()
        : "due " + s.getRegulatorNotificationDueAt();
    SecurityIncident.PersonalDataFinding finding =
        s.personalDataFound(by, properties.regulatorNotificationDeadline(), clock.instant());
    String due = "notify the authority by " + s.getRegulatorNotificationDueAt() + " (72 hours from the finding)";
    audit.record(AuditEvent.of(by, "PERSONAL_DATA_FOUND", SUBJECT, number, "personal data found affected during "
        + phase + ": " + switch (finding) {
          case NOTIFICATION_STARTED -> due;
          case NOTIFICATION_REOPENED -> "the assessment as not notifiable is reopened, the data protection officers "
              + "assess it again; " + due;
          case DPO_TO_BE_TOLD -> "the notification (" + earlier + ") stands, the data protection officers are told "
              + "of the further personal data";
        }));
    if (finding == SecurityIncident.PersonalDataFinding.DPO_TO_BE_TOLD) {
      return Optional.empty();
    }
    return Optional.of(new NotificationClock(s.getRegulatorNotificationDueAt(), s.regulatorFirstReminderAt(),
        s.regulatorSecondReminderAt()));
  }

  public void recordEradication(String number, String by, String notes) {
    get(number).eradicate(by, notes, clock.instant());
    audit.record(AuditEvent.of(by, "ERADICATED", SUBJECT, number, notes));
  }

  /**
   * The recovery decision per locked account: {@code restoreAccounts} (comma-separated) get their memberships back, the
   * others do not; the next step releases this incident's hold on all of them. An account that containment did not
   * lock is refused.
   */
  public void decideRecovery(String number, String by, String restoreAccounts, String notes) {
    SecurityIncident s = get(number);
    Set<String> restore = accountsNamed("restoreAccounts", restoreAccounts, s.getAccounts().stream()
        .filter(a -> a.getLockedAt() != null).map(AffectedAccount::getAccount).toList(),
        "an account locked at containment");
    s.decideRecovery(by, restore, notes, clock.instant());
    for (AffectedAccount account : s.getAccounts()) {
      if (account.getLockedAt() == null) {
        continue;
      }
      audit.record(AuditEvent.of(by, "RECOVERY_DECIDED", SUBJECT, number, account.getAccount() + ": "
          + (restore.contains(account.getAccount()) ? "restore memberships " + account.getRemovedGroups()
          : "memberships stay removed") + "; " + notes));
    }
  }

  /**
   * Recovery, for real: this incident releases its hold on every account containment locked, and an account is
   * unlocked only when no other hold is left (a leaver's lock is never lifted here, nor one another incident still
   * holds, nor one that was found set with no holder). Memberships come back where decided, and only with the lock:
   * while another incident holds it they are handed on to the recovery that lifts it; groups whose access grant ended
   * during containment, or that the person has again, are not given back ({@link AccountContainment#recover}). Every
   * outcome is in the evidence log. Idempotent.
   */
  public void recoverAccounts(String number) {
    SecurityIncident s = get(number);
    Instant now = clock.instant();
    for (AffectedAccount account : inAccountOrder(s)) {
      if (account.getLockedAt() == null || account.isReleased()) {
        continue;
      }
      Recovery recovery = containment.recover(account.getAccount(), number, account.getRemovedGroups(),
          Boolean.TRUE.equals(account.getRestoreMemberships()), account.getLockedAt());
      s.accountReleased(account.getAccount(), recovery.restored(), recovery.keptLockedBy(), now);
      boolean unlocked = recovery.keptLockedBy().isEmpty();
      String notRestored = recovery.notRestored().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
          .collect(Collectors.joining(", "));
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, unlocked ? "ACCOUNT_UNLOCKED" : "ACCOUNT_KEPT_LOCKED", SUBJECT,
          number, account.getAccount() + (unlocked ? ": unlocked" : ": this incident's hold released, still locked by "
          + String.join(", ", recovery.keptLockedBy())) + ", memberships restored: "
          + (recovery.restored().isEmpty() ? "none" : String.join(",", recovery.restored()))
          + (notRestored.isEmpty() ? "" : ", not restored: " + notRestored) + lapsed(recovery.lapsed())));
    }
    s.recovered();
  }

  /** The affected accounts in the order of their ids. */
  private static List<AffectedAccount> inAccountOrder(SecurityIncident s) {
    return s.getAccounts().stream().sorted(Comparator.comparing(AffectedAccount::getAccount)).toList();
  }

  /** The holds that lapsed because an administrator had lifted the lock outside SOPFlow, for the evidence log. */
  private static String lapsed(List<String> holders) {
    return holders.isEmpty() ? "" : "; holds lapsed (the lock had been lifted outside SOPFlow): "
        + String.join(", ", holders);
  }

  /**
   * The post-incident review: lessons, actions (one per line: {@code action; owner; YYYY-MM-DD}) and whether a problem
   * should be raised, which publishes {@link SecurityProblemProposed} (the hook for problem management).
   */
  public void recordReview(String number, String by, String lessons, String actionLines, boolean problemToRaise) {
    SecurityIncident s = get(number);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<ReviewAction> actions = new ArrayList<>();
    for (String line : lines(actionLines)) {
      String[] parts = line.split(";");
      if (parts.length != 3 || parts[0].isBlank()) {
        throw new InvalidRequestException("actions", "each line must be 'action; owner; YYYY-MM-DD'");
      }
      String owner = parts[1].strip();
      if (!directory.userExists(owner)) {
        throw new InvalidRequestException("actions", "names an unknown owner: " + cut(owner, 64));
      }
      LocalDate due;
      try {
        due = LocalDate.parse(parts[2].strip());
      } catch (DateTimeParseException e) {
        throw new InvalidRequestException("actions", "has a due date that is not YYYY-MM-DD: " + cut(parts[2], 20));
      }
      if (due.isBefore(today)) {
        throw new InvalidRequestException("actions", "has a due date in the past: " + due);
      }
      actions.add(new ReviewAction(cut(parts[0].strip(), 500), owner, due));
    }
    s.review(by, lessons, actions, problemToRaise, clock.instant());
    audit.record(AuditEvent.of(by, "REVIEWED", SUBJECT, number, lessons + (actions.isEmpty() ? ""
        : "; actions: " + actions.stream().map(a -> a.getDescription() + " (" + a.getOwner() + ", " + a.getDueDate()
            + ")").collect(Collectors.joining("; ")))));
    if (problemToRaise) {
      audit.record(AuditEvent.of(by, "PROBLEM_TO_RAISE", SUBJECT, number, "the review asks for a problem record"));
      events.publishEvent(new SecurityProblemProposed(number, by, lessons));
    }
  }

  /**
   * The data protection officer's record of the notification (Art. 33) and of the data subjects decision (Art. 34).
   * The data protection officers' own decision: anyone else (an admin the task reached) is refused (403).
   */
  public void notifyAuthority(String number, String by, String authorityReference, Instant notifiedAt, String content,
      boolean informDataSubjects, String dataSubjectsReason) {
    directory.requireMemberOfAny(by, DPO, "notify the supervisory authority of " + number);
    SecurityIncident s = get(number);
    s.notifyAuthority(by, authorityReference, notifiedAt, content, informDataSubjects, dataSubjectsReason,
        clock.instant());
    audit.record(AuditEvent.of(by, "AUTHORITY_NOTIFIED", SUBJECT, number, "reference " + authorityReference
        + ", notified " + notifiedAt + (notifiedAt.isAfter(s.getRegulatorNotificationDueAt()) ? " (late, due "
        + s.getRegulatorNotificationDueAt() + ")" : "") + ": " + content));
    audit.record(AuditEvent.of(by, "DATA_SUBJECTS_DECISION", SUBJECT, number, (informDataSubjects
        ? "data subjects are informed (Art. 34)" : "data subjects are not informed (Art. 34)") + ": "
        + dataSubjectsReason));
  }

  /**
   * The data protection officer's assessment instead of a notification: the breach is unlikely to result in a risk to
   * people (GDPR Art. 33(1)), the reason documented (Art. 33(5)); data protection officers only. It settles the notification; no breach is recorded
   * after it, and one recorded before it no longer counts as a missed deadline on the record.
   */
  public void assessNotNotifiable(String number, String by, String reason) {
    directory.requireMemberOfAny(by, DPO, "assess " + number + " as not notifiable");
    SecurityIncident s = get(number);
    s.assessNotNotifiable(by, reason, clock.instant());
    audit.record(AuditEvent.of(by, "NOT_NOTIFIABLE", SUBJECT, number, "not notified: unlikely to result in a risk "
        + "to people (Art. 33(1)): " + reason));
  }

  /**
   * The notification deadline passed without a notification: a recorded breach (once), counted as the SLA target
   * {@code regulator-notification}; it has no step SLA, its deadline is
   * {@code sopflow.security.regulator-notification-deadline} from detection.
   */
  public void recordNotificationBreach(String number) {
    SecurityIncident s = get(number);
    if (s.notificationBreached(clock.instant())) {
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "NOTIFICATION_DEADLINE_BREACHED", SUBJECT, number,
          "the supervisory authority was not notified by " + s.getRegulatorNotificationDueAt()));
      events.publishEvent(SlaBreached.in(SecurityIncidentService.class, severityOf(s), REGULATOR_NOTIFICATION, 1));
    }
  }

  public void close(String number) {
    get(number).close(clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CLOSED", SUBJECT, number, "closed after review"));
  }

  // ---- notifications -----------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(NUMBER_PREFIX);
  }

  /**
   * Only the number's link: mails go to groups and inboxes, and a security incident is confidential, so its title,
   * description, accounts and assets never leave SOPFlow by mail (a template cannot show what is not in the model).
   * The notification's due date is a date, not a detail: the data protection officers' mails show it (loaded only by
   * the templates that do).
   */
  @Override
  public Map<String, Object> model(String reference) {
    return Map.of("securityIncidentLink", links.record("security-incidents", reference),
        "notificationDueAt", lazy(() -> incidents.regulatorNotificationDueAt(reference).map(Instant::toString)
            .orElse("")));
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private SecurityIncident visible(String number) {
    SecurityIncident s = byNumber.find(SecurityIncident.class, number)
        .orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
    return visibility.require(s, SUBJECT, number, WORKING_GROUPS, s.getReporter());
  }

  private SecurityIncident get(String number) {
    return byNumber.find(SecurityIncident.class, number)
        .orElseThrow(() -> new IllegalStateException("No security incident " + number));
  }

  /**
   * The accounts a form's text field names (comma- or space-separated), each one of {@code allowed}: any other is
   * refused naming the field. Empty or absent: none.
   */
  private static Set<String> accountsNamed(String field, String text, List<String> allowed, String what) {
    Set<String> named = new LinkedHashSet<>();
    for (String account : text == null ? new String[0] : text.split("[,\\s]+")) {
      if (account.isBlank()) {
        continue;
      }
      if (!allowed.contains(account)) {
        throw new InvalidRequestException(field, cut(account, 64) + " is not " + what + " ("
            + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")");
      }
      named.add(account);
    }
    return named;
  }

  /** The entries of a list field, each split at commas (the start form's text fields), stripped, without blanks. */
  private static List<String> items(List<String> values) {
    if (values == null) {
      return List.of();
    }
    return values.stream().filter(java.util.Objects::nonNull).flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
  }

  private static List<String> lines(String text) {
    if (text == null) {
      return List.of();
    }
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  /** A breach's priority label: the severity, which is this SOP's priority (it sets the containment SLA). */
  private static String severityOf(SecurityIncident s) {
    return s.getSeverity() == null ? null : s.getSeverity().name();
  }

  /** The SLA step below {@code sopflow.sla.security}: {@code containment-high} of {@code security.containment-high}. */
  private static String slaTarget(String step) {
    return step.substring(step.indexOf('.') + 1);
  }
}
