package io.sopflow.backup;

import static io.sopflow.notification.NotificationModelContributor.lazy;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.backup.BackupApi.StartVerification;
import io.sopflow.backup.BackupApi.TaskDetails;
import io.sopflow.backup.BackupApi.VerificationView;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Level;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.persistence.RecordsByNumber;
import jakarta.persistence.criteria.Predicate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backup SOP's public face: starts restore tests (ad hoc through the API, or for a schedule's due time), runs the
 * restore into a scratch folder and checks it against the manifest, judges it against the set's recovery objectives,
 * opens the incident of a failed test and records its investigation. Every step is audited.
 */
@Service
@Transactional
public class BackupVerificationService implements NotificationModelContributor {

  static final String SUBJECT = "Backup verification";
  static final String KEY_PREFIX = "BKP-";
  /** The incident category of a failed restore test. */
  public static final String INCIDENT_CATEGORY = "backup";
  /**
   * Groups that work on backups and see every verification (managers and admins oversee every SOP). Each set's owner
   * group works on that set's verifications too: it investigates a failed one ({@link #workingGroupsOf}).
   */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.SERVICE_DESK, Groups.SUPPORT_L2, Groups.SUPPORT_L3);
  /** Who may start an ad-hoc verification (DESIGN.md). */
  static final Set<String> MAY_START = Set.of(Groups.SUPPORT_L2, Groups.SUPPORT_L3, Groups.ADMINS);

  private static final Logger log = LoggerFactory.getLogger(BackupVerificationService.class);

  private final BackupVerificationRepository verifications;
  private final RecordsByNumber byNumber;
  private final BackupProperties properties;
  private final RestoreCommand restoreCommand;
  private final IncidentService incidents;
  private final AuditTrail audit;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  /** Reads what another transaction committed while this one is failing. */
  private final TransactionTemplate ownTransaction;

  BackupVerificationService(BackupVerificationRepository verifications, BackupProperties properties,
      RestoreCommand restoreCommand, IncidentService incidents, AuditTrail audit, CurrentUser currentUser,
      RecordVisibility visibility, ApplicationEventPublisher events, Clock clock,
      @Value("${camunda.bpm.job-execution.lock-time-in-millis:300000}") long jobLockMillis, RecordsByNumber byNumber,
      PlatformTransactionManager transactionManager) {
    this.verifications = verifications;
    this.byNumber = byNumber;
    this.properties = properties;
    this.restoreCommand = restoreCommand;
    this.incidents = incidents;
    this.audit = audit;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.events = events;
    this.clock = clock;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    ownTransaction.setReadOnly(true);
    // The restore runs in one engine job: a job still running when its lock expires may be taken over by another node.
    properties.sets().forEach((name, set) -> {
      if (set.timeout().toMillis() >= jobLockMillis) {
        log.warn("Backup set {}: timeout {} is not below the job lock time of {} ms; another node may start a second "
            + "restore while this one runs. Lower the timeout or raise camunda.bpm.job-execution.lock-time-in-millis",
            name, set.timeout(), jobLockMillis);
      }
    });
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  /**
   * An ad-hoc verification. Who may ask is checked before anything about the set is said, so a caller who may not
   * start one does not learn which sets exist.
   */
  public VerificationView start(StartVerification request) {
    String user = currentUser.require();
    if (currentUser.groups().stream().noneMatch(MAY_START::contains)) {
      throw new ForbiddenException("Only support-l2, support-l3 and admins may start a backup verification");
    }
    String set = request == null ? null : request.backupSet();
    if (set == null || set.isBlank()) {
      throw new InvalidRequestException("backupSet", "is required");
    }
    if (!BackupProperties.SET_NAME.matcher(set).matches()) {
      throw new InvalidRequestException("backupSet", "must match " + BackupProperties.SET_NAME.pattern());
    }
    if (!properties.isConfigured(set)) {
      throw new InvalidRequestException("backupSet", "is not a configured backup set; known: "
          + String.join(", ", properties.sets().keySet()));
    }
    // One restore of a set at a time: each fills a scratch folder with the whole set, so repeated requests would fill
    // the disk (the schedule's runs are one per due time already). This check names the one that runs; the database
    // decides between two requests that both pass it at the same moment (see below).
    List<String> running = verifications.keysByBackupSetAndStatus(set, VerificationStatus.RUNNING);
    if (!running.isEmpty()) {
      throw stillRunning(set, running);
    }
    List<BackupVerification> stale = verifications.staleHolds(set, VerificationStatus.RUNNING);
    if (!stale.isEmpty()) {
      // Written before our insert, which would otherwise meet the stale hold in the unique index.
      stale.forEach(BackupVerification::releaseHold);
      verifications.flush();
    }
    try {
      return VerificationView.of(begin(set, VerificationTrigger.AD_HOC, user, null), true);
    } catch (DataIntegrityViolationException | PessimisticLockingFailureException e) {
      // Two requests at once, on one node or two: the unique index on the set's hold decides
      // (BackupVerification.adHocRunningSet), as the closure's unique project code does. Our insert waited for the
      // other one's transaction (or for the lock timeout, H2: 2 s), so it is committed or still going; named like the
      // check above names it.
      throw stillRunning(set, runningNow(set));
    }
  }

  /** The running verifications of a set as committed now, read beside this failing transaction. */
  private List<String> runningNow(String set) {
    return ownTransaction.execute(status -> verifications.keysByBackupSetAndStatus(set, VerificationStatus.RUNNING));
  }

  /**
   * The verification of one due time of a set's schedule (the scheduler has claimed it for this node). It does not
   * hold the set, so it starts even while an ad-hoc verification of the set runs: a due time's run is the evidence the
   * schedule promises, and a refused one would be tried again only within {@link BackupScheduler#CATCH_UP} of its due
   * time and then be lost, whereas a refused ad-hoc request can simply be made again. The other way round, the check
   * in {@link #start} refuses an ad-hoc request while a scheduled run of the set runs, though not in a race with its
   * start; then an ad-hoc restore shares the scratch disk with the scheduled ones running at that moment.
   */
  VerificationView startScheduled(String set, Instant scheduledFor) {
    return VerificationView.of(begin(set, VerificationTrigger.SCHEDULED, AuditEvent.SYSTEM, scheduledFor), true);
  }

  @Transactional(readOnly = true)
  public VerificationView find(String key) {
    BackupVerification v = byNumber.find(BackupVerification.class, key)
        .orElseThrow(() -> new RecordNotFoundException(SUBJECT, key));
    return VerificationView.of(visibility.require(v, SUBJECT, key, workingGroupsOf(v), v.getRequestedBy()), true);
  }

  /** The verifications the caller may see, newest first, by set and status (null = any), one page. */
  @Transactional(readOnly = true)
  public RecordPage<VerificationView> list(String backupSet, VerificationStatus status, PageQuery page) {
    if (backupSet != null && !BackupProperties.SET_NAME.matcher(backupSet).matches()) {
      throw new InvalidRequestException("backupSet", "must match " + BackupProperties.SET_NAME.pattern());
    }
    Specification<BackupVerification> filters = (root, query, cb) -> {
      List<Predicate> where = new ArrayList<>();
      if (backupSet != null) {
        where.add(cb.equal(root.get("backupSet"), backupSet));
      }
      if (status != null) {
        where.add(cb.equal(root.get("status"), status));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
    Specification<BackupVerification> spec = visibleVerifications().and(filters);
    Page<BackupVerification> result = verifications.findAll(spec,
        PageRequest.of(page.page(), page.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(page, result.getContent(), result.getTotalElements(), v -> VerificationView.of(v, false));
  }

  // ---- process -----------------------------------------------------------------------------------------------------

  public void attachProcessInstance(String key, String processInstanceId) {
    get(key).attachProcessInstance(processInstanceId);
  }

  /**
   * Restores the set into a fresh scratch folder and checks every manifest entry, then removes the folder, whatever
   * happened. A restore command that fails, hangs or cannot start is evidence, not an error: the verification will
   * fail with its output. Restore and check are one step on one node because the scratch folder lives on that node;
   * only a technical failure (the scratch folder cannot be made, the database is gone) throws and is retried.
   */
  public void restoreAndVerify(String key) {
    BackupVerification v = get(key);
    BackupProperties.BackupSet set = properties.set(v.getBackupSet());
    RestoreRun run;
    ManifestVerifier.Result check = null;
    try (ScratchFolder scratch = ScratchFolder.create(properties.scratchDirectory(), "sopflow-restore-" + key + "-")) {
      run = restoreCommand.run(v.getBackupSet(), set, scratch.path());
      if (run.succeeded()) {
        try {
          check = ManifestVerifier.verify(scratch.path(), set.manifest());
        } catch (IOException e) {
          run = new RestoreRun(run.commandLine(), RestoreRun.Outcome.FAILED, run.exitCode(), run.duration(),
              run.output() + "\n[the restored tree could not be read: " + e + "]");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Scratch folder under " + properties.scratchDirectory() + " for " + key, e);
    }
    v.recordRestore(run, check, clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "RESTORED", SUBJECT, key, run.describe()
        + (check == null ? "" : "; " + check.filesChecked() + " file(s), " + check.bytesChecked() + " bytes checked, "
        + check.mismatchCount() + " mismatch(es)")));
  }

  /** Judges the restore test against the set's RPO (max-age) and RTO. Returns whether it passed. */
  public boolean judge(String key) {
    BackupVerification v = get(key);
    BackupProperties.BackupSet set = properties.set(v.getBackupSet());
    boolean passed = v.judge(set.maxAge(), set.rto(), clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, passed ? "PASSED" : "FAILED", SUBJECT, key,
        passed ? "files " + v.getFilesChecked() + ", bytes " + v.getBytesChecked() + ", restore "
            + v.getRestoreMillis() + " ms, manifest " + v.getManifestSha256() : v.getFailureReason()));
    return passed;
  }

  /**
   * Opens the incident of a failed restore test through the incident SOP (category {@value #INCIDENT_CATEGORY},
   * configuration item = the set) and links both ways: the record keeps the incident's number, the incident's
   * description names the verification. Once: a retried step finds the link and opens no second incident.
   */
  public String openIncident(String key) {
    BackupVerification v = get(key);
    if (v.getIncidentNumber() != null) {
      return v.getIncidentNumber();
    }
    String description = "Restore test " + key + " of backup set " + v.getBackupSet() + " failed.\n"
        + v.getFailureReason() + "\nEvidence: /api/backup-verifications/" + key;
    String number = incidents.reportBySystem(AuditEvent.SYSTEM, new ReportIncident(
        BackupVerification.cut("Restore test failed: backup set " + v.getBackupSet(), 200),
        BackupVerification.cut(description, 4000), Level.MEDIUM, Level.MEDIUM, INCIDENT_CATEGORY,
        v.getBackupSet())).number();
    v.linkIncident(number);
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "INCIDENT_OPENED", SUBJECT, key, number));
    log.warn("Restore test {} of backup set {} failed; incident {} opened", key, v.getBackupSet(), number);
    return number;
  }

  /** What the investigation task shows (the process carries references only). No caller: the process reads it. */
  @Transactional(readOnly = true)
  public TaskDetails taskDetails(String key) {
    return TaskDetails.of(get(key));
  }

  /** The owner group's findings on a failed restore test. */
  public void recordInvestigation(String key, String by, String findings) {
    BackupVerification v = get(key);
    v.recordInvestigation(by, findings, clock.instant());
    audit.record(AuditEvent.of(by, "INVESTIGATED", SUBJECT, key, findings));
  }

  // ---- notifications ---------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(KEY_PREFIX);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    return byNumber.find(BackupVerification.class, reference).map(v -> {
      Map<String, Object> model = new HashMap<>();
      VerificationView view = VerificationView.of(v, true);
      model.put("title", "Restore test of " + v.getBackupSet());
      model.put("backupSet", v.getBackupSet());
      model.put("status", v.getStatus().name());
      model.put("filesChecked", orEmpty(v.getFilesChecked()));
      model.put("bytesChecked", orEmpty(v.getBytesChecked()));
      model.put("restoreSeconds", orEmpty(view.restoreSeconds()));
      model.put("backupAgeHours", orEmpty(view.backupAgeHours()));
      model.put("manifestSha256", orEmpty(v.getManifestSha256()));
      model.put("maxAge", orEmpty(v.getMaxAge()));
      model.put("rto", orEmpty(v.getRto()));
      model.put("failureReason", orEmpty(v.getFailureReason()));
      model.put("incidentNumber", orEmpty(v.getIncidentNumber()));
      model.put("ownerGroup", v.getOwnerGroup());
      model.put("mismatches", lazy(() -> v.getMismatches().stream().map(m -> m.getKind() + " " + m.getPath())
          .collect(Collectors.joining("\n"))));
      return model;
    }).orElseGet(Map::of);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private BackupVerification begin(String set, VerificationTrigger trigger, String by, Instant scheduledFor) {
    BackupProperties.BackupSet settings = properties.set(set);
    BackupVerification v = verifications.saveAndFlush(new BackupVerification(set, settings.ownerGroup(), trigger, by,
        scheduledFor, clock.instant()));
    v.assignKey();
    audit.record(AuditEvent.of(by, "STARTED", SUBJECT, v.getVerificationKey(), trigger + " restore test of " + set
        + (scheduledFor == null ? "" : " due " + scheduledFor)));
    events.publishEvent(new BackupVerificationRequested(v.getVerificationKey(), set, settings.ownerGroup()));
    return v;
  }

  private static ConflictException stillRunning(String set, List<String> running) {
    return new ConflictException((running.isEmpty() ? "Another verification" : running.get(0)) + " of backup set " + set
        + " is still running; start another once it is judged");
  }

  /** The backup groups and the set's owner group, who is offered the investigation of a failed test. */
  private static Set<String> workingGroupsOf(BackupVerification v) {
    Set<String> groups = new HashSet<>(WORKING_GROUPS);
    groups.add(v.getOwnerGroup());
    return groups;
  }

  /** All verifications for the backup groups and overseers; else the caller's own and those of their groups' sets. */
  private Specification<BackupVerification> visibleVerifications() {
    return visibility.visibleRecords(WORKING_GROUPS, List.of("ownerGroup"), "requestedBy");
  }

  private BackupVerification get(String key) {
    return byNumber.find(BackupVerification.class, key)
        .orElseThrow(() -> new IllegalStateException("No backup verification " + key));
  }

  private static Object orEmpty(Object value) {
    return value == null ? "" : value;
  }
}
