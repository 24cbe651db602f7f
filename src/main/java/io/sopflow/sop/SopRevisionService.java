package io.sopflow.sop;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.sop.SopApi.Outcome;
import io.sopflow.sop.SopApi.ReviewDetails;
import io.sopflow.sop.SopApi.RevisionView;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The revision history of the SOPs and which version of each is in force (docs/sops.md). A deployed version of an SOP
 * is recorded here by the engine, in the deployment's transaction: the first version of an SOP is in force at once,
 * a later one is PROPOSED and reviewed by a second member of the SOP's owner group ({@code SopRevisionProcess}).
 * Writes happen only through deployments and that process; everyone signed in reads the history.
 */
@Service
@Transactional
public class SopRevisionService {

  static final String SUBJECT = "SOP revision";
  /** The audit action of an overdue review (the element template "Escalate an SLA breach"). */
  static final String ESCALATED = "ESCALATED";

  private final SopRevisionRepository revisions;
  private final SopProperties properties;
  private final AuditTrail audit;
  private final Directory directory;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  SopRevisionService(SopRevisionRepository revisions, SopProperties properties, AuditTrail audit, Directory directory,
      ApplicationEventPublisher events, Clock clock) {
    this.revisions = revisions;
    this.properties = properties;
    this.audit = audit;
    this.directory = directory;
    this.events = events;
    this.clock = clock;
  }

  /** Whether revisions of this process are governed: it has a recorded version. */
  @Transactional(readOnly = true)
  public boolean isGoverned(String processKey) {
    return revisions.existsByProcessKey(processKey);
  }

  /**
   * Adopts the version that ran before SOPFlow governed this process (an installation upgraded to revisions, or a
   * process that gains an owner group): it is in force, so the new version deployed over it is reviewed against it.
   */
  public void adopt(NewVersion running) {
    if (revisions.findByProcessKeyAndVersion(running.processKey(), running.version()).isEmpty()) {
      revisions.save(SopRevision.inForce(running, AuditEvent.SYSTEM,
          "In force before SOPFlow governed revisions of this SOP"));
    }
  }

  /**
   * Records a version the engine has just deployed. The first version of an SOP is in force at once; later ones are
   * PROPOSED, unless {@code sopflow.sops.auto-approve-startup-deployments} adopts start-up deployments directly.
   */
  public Outcome recordDeployment(NewVersion deployed) {
    Optional<SopRevision> inForce = inForce(deployed.processKey());
    if (inForce.isEmpty()) {
      SopRevision first = revisions.save(SopRevision.inForce(deployed, deployed.author(), "First version of the SOP"));
      events.publishEvent(new SopRevisionInForce(first.getProcessKey(), first.getVersion(), first.getEffectiveFrom()));
      return Outcome.IN_FORCE;
    }
    if (deployed.atStartup() && properties.autoApproveStartupDeployments()) {
      inForce.get().supersede();
      SopRevision adopted = revisions.save(SopRevision.inForce(deployed, AuditEvent.SYSTEM,
          "Approved automatically at start-up (sopflow.sops.auto-approve-startup-deployments)"));
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "APPROVED", SUBJECT, adopted.key(), adopted.getNotes()));
      events.publishEvent(new SopRevisionInForce(adopted.getProcessKey(), adopted.getVersion(),
          adopted.getEffectiveFrom()));
      return Outcome.IN_FORCE;
    }
    SopRevision proposed = revisions.save(SopRevision.proposed(deployed));
    audit.record(AuditEvent.of(deployed.author(), "PROPOSED", SUBJECT, proposed.key(),
        "version tag " + deployed.versionTag() + ", in force: version " + inForce.get().getVersion()));
    return Outcome.PROPOSED;
  }

  public void processStarted(String processKey, int version, String processInstanceId) {
    revision(processKey, version).attachProcessInstance(processInstanceId);
  }

  public void recordChecks(String processKey, int version, boolean passed, String checks, String changeSummary) {
    revision(processKey, version).recordChecks(passed, checks, changeSummary);
  }

  @Transactional(readOnly = true)
  public ReviewDetails reviewDetails(String processKey, int version) {
    SopRevision r = revision(processKey, version);
    int inForce = inForce(processKey).map(SopRevision::getVersion).orElse(0);
    return new ReviewDetails(r.key(), processKey, version, r.getVersionTag(), r.getAuthor(), inForce,
        Boolean.TRUE.equals(r.getChecksPassed()), r.getChecks(), r.getChangeSummary());
  }

  /**
   * Approved by a second member of the SOP's owner group ({@code ownerGroup}, the group of the version in force, which
   * the review carries): in force from now, the version in force until now is superseded.
   */
  public void approve(String processKey, int version, String approver, String ownerGroup, String notes) {
    SopRevision revision = revision(processKey, version);
    requireReviewer(revision, approver, ownerGroup);
    Instant now = clock.instant();
    Optional<SopRevision> previous = inForce(processKey);
    if (previous.isPresent() && previous.get().getVersion() > version) {
      throw new ConflictException("Version " + previous.get().getVersion() + " of " + processKey
          + " is in force already: an older revision cannot replace it; reject this one");
    }
    revision.approve(approver, notes, now);
    previous.ifPresent(SopRevision::supersede);
    audit.record(AuditEvent.of(approver, "APPROVED", SUBJECT, revision.key(), notes));
    events.publishEvent(new SopRevisionInForce(processKey, version, now));
  }

  /** Rejected (by whom {@link #approve} names): the version stays deployed but is never started. */
  public void reject(String processKey, int version, String approver, String ownerGroup, String notes) {
    SopRevision revision = revision(processKey, version);
    requireReviewer(revision, approver, ownerGroup);
    revision.reject(approver, notes, clock.instant());
    audit.record(AuditEvent.of(approver, "REJECTED", SUBJECT, revision.key(), notes));
  }

  /**
   * Who decides a revision's review, whoever its task reached (403 for anyone else): a member of the SOP's owner group;
   * once the review is overdue and escalated ({@code ESCALATED} in the revision's audit trail, when
   * {@code SopRevisionProcess} offers it to the managers too), a manager as well. Never its author: the revision's
   * own rule ({@link SopRevision#approve}).
   */
  private void requireReviewer(SopRevision revision, String reviewer, String ownerGroup) {
    Set<String> groups = new LinkedHashSet<>();
    groups.add(ownerGroup);
    if (audit.entriesFor(revision.key()).stream().anyMatch(e -> ESCALATED.equals(e.getAction()))) {
      groups.add(Groups.MANAGERS);
    }
    directory.requireMemberOfAny(reviewer, groups, "review " + revision.key());
  }

  /** The definition to start for a governed process: its version in force. */
  @Transactional(readOnly = true)
  public Optional<String> definitionInForce(String processKey) {
    return inForce(processKey).map(SopRevision::getProcessDefinitionId);
  }

  /** Process key to the definition in force, for every governed process. */
  @Transactional(readOnly = true)
  public Map<String, String> definitionsInForce() {
    return revisions.findByStatus(SopRevisionStatus.IN_FORCE).stream()
        .collect(Collectors.toMap(SopRevision::getProcessKey, SopRevision::getProcessDefinitionId, (a, b) -> a));
  }

  /** The revision history, newest first; 404 for a process that is not a governed SOP. */
  @Transactional(readOnly = true)
  public List<RevisionView> revisions(String processKey) {
    List<RevisionView> history = revisions.findByProcessKeyOrderByVersionDesc(processKey).stream()
        .map(RevisionView::of).toList();
    if (history.isEmpty()) {
      throw new RecordNotFoundException("SOP", processKey);
    }
    return history;
  }

  Optional<SopRevision> inForce(String processKey) {
    return revisions.findFirstByProcessKeyAndStatus(processKey, SopRevisionStatus.IN_FORCE);
  }

  List<SopRevision> history(String processKey) {
    return revisions.findByProcessKeyOrderByVersionDesc(processKey);
  }

  List<String> governedProcessKeys() {
    return revisions.findByStatus(SopRevisionStatus.IN_FORCE).stream().map(SopRevision::getProcessKey)
        .distinct().sorted().toList();
  }

  /** The revision a business key names ({@code REV-IncidentEscalationProcess-2}), if there is one. */
  Optional<SopRevision> byKey(String reference) {
    if (reference == null || !reference.startsWith(SopRevision.KEY_PREFIX) || reference.lastIndexOf('-') < 4) {
      return Optional.empty();
    }
    int dash = reference.lastIndexOf('-');
    try {
      return revisions.findByProcessKeyAndVersion(reference.substring(SopRevision.KEY_PREFIX.length(), dash),
          Integer.parseInt(reference.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private SopRevision revision(String processKey, int version) {
    return revisions.findByProcessKeyAndVersion(processKey, version)
        .orElseThrow(() -> new RecordNotFoundException(SUBJECT, SopRevision.keyOf(processKey, version)));
  }
}
