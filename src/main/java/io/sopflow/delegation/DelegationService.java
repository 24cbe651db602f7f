package io.sopflow.delegation;

import io.sopflow.access.AccountLocks;
import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.delegation.DelegationApi.CreateDelegation;
import io.sopflow.delegation.DelegationApi.DelegationView;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.NotificationRequest;
import io.sopflow.notification.NotificationService;
import io.sopflow.persistence.LockRows;
import io.sopflow.platform.process.DelegatedTasks;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delegations: a person's tasks offered to a substitute for a window. Made by the delegator, their line manager or an
 * admin; seen by those and by the delegate, {@code managers} and admins (anyone else gets 404). When the window starts
 * the tasks waiting for the delegator by name are offered to the delegate ({@link DelegatedTasks}), and both are
 * mailed; when it ends (or is ended early) they are withdrawn, and both are mailed again.
 */
@Service
@Transactional
public class DelegationService {

  static final String SUBJECT = "Delegation";
  static final String TEMPLATE_STARTED = "delegation-started";
  static final String TEMPLATE_ENDED = "delegation-ended";

  private static final Set<DelegationStatus> OPEN = Set.of(DelegationStatus.SCHEDULED, DelegationStatus.ACTIVE);

  private final DelegationRepository delegations;
  private final DelegatorLockRepository delegatorLocks;
  private final LockRows lockRows;
  private final Directory directory;
  private final AccountLocks locks;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final AuditTrail auditTrail;
  private final NotificationService notifications;
  private final DelegatedTasks delegatedTasks;
  private final DelegationProperties properties;
  private final Clock clock;

  DelegationService(DelegationRepository delegations, DelegatorLockRepository delegatorLocks, Directory directory,
      AccountLocks locks, CurrentUser currentUser, RecordVisibility visibility, AuditTrail auditTrail,
      NotificationService notifications, DelegatedTasks delegatedTasks, DelegationProperties properties, Clock clock,
      LockRows lockRows) {
    this.delegations = delegations;
    this.delegatorLocks = delegatorLocks;
    this.lockRows = lockRows;
    this.directory = directory;
    this.locks = locks;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.auditTrail = auditTrail;
    this.notifications = notifications;
    this.delegatedTasks = delegatedTasks;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Records a delegation; one whose window has started comes into force at once. Who may: the delegator, their line
   * manager, an admin (403 otherwise, before anything about the people is checked). Refused with 400 naming the
   * field: an unknown delegator, a delegate who is the delegator, unknown or locked, an unknown group, a start in the
   * past (beyond {@code sopflow.delegation.start-tolerance}), an end not after the start, or a window overlapping
   * another delegation of the same person, also one another request records at the same moment (this one waits for
   * it, see {@link #holdDelegator}).
   */
  public DelegationView create(CreateDelegation request) {
    String caller = currentUser.require();
    String delegator = request.delegator() == null || request.delegator().isBlank() ? caller
        : request.delegator().strip();
    String manager = directory.managerOf(delegator).orElse(null);
    if (!caller.equals(delegator) && !caller.equals(manager) && !isAdmin()) {
      throw new ForbiddenException(caller + " may not delegate " + delegator
          + "'s tasks: only they, their line manager or an admin may");
    }
    if (!directory.userExists(delegator)) {
      throw new InvalidRequestException("delegator", "is not a known user");
    }
    String delegate = request.delegate().strip();
    if (delegate.equals(delegator)) {
      throw new InvalidRequestException("delegate", "must be someone other than the delegator");
    }
    if (!directory.userExists(delegate)) {
      throw new InvalidRequestException("delegate", "is not a known user");
    }
    if (locks.isLocked(delegate)) {
      throw new InvalidRequestException("delegate", "is locked and cannot work on tasks");
    }
    Set<String> groups = new LinkedHashSet<>(request.groups() == null ? List.of() : request.groups());
    for (String group : groups) {
      if (!directory.groupExists(group)) {
        throw new InvalidRequestException("groups", "'" + group + "' is not a known group");
      }
    }
    Instant now = clock.instant();
    Instant from = request.from() == null ? now : request.from().toInstant();
    Instant until = request.until().toInstant();
    if (from.isBefore(now.minus(properties.startTolerance()))) {
      throw new InvalidRequestException("from", "must not be in the past");
    }
    if (!until.isAfter(from)) {
      throw new InvalidRequestException("until", "must be after from");
    }
    if (until.isAfter(from.plus(properties.maxLength()))) {
      throw new InvalidRequestException("until", "must be at most " + properties.maxLength() + " after from");
    }
    // The check sees committed delegations only: without the person held, two requests at once (a double submit, two
    // nodes) would both pass it, and the person would have two delegations in force.
    holdDelegator(delegator);
    List<Delegation> overlapping = delegations
        .findByDelegatorAndStatusInAndValidFromLessThanAndValidUntilGreaterThan(delegator, OPEN, until, from);
    if (!overlapping.isEmpty()) {
      Delegation other = overlapping.get(0);
      throw new InvalidRequestException("from", "overlaps " + other.getDelegationKey() + " of " + delegator + " ("
          + other.getValidFrom() + " - " + other.getValidUntil() + ")");
    }
    Delegation delegation = delegations.saveAndFlush(new Delegation(delegator, delegate, manager,
        from.isBefore(now) ? now : from, until, groups, caller, now));
    auditTrail.record(AuditEvent.of(caller, "DELEGATION_CREATED", SUBJECT, delegation.getDelegationKey(),
        delegator + " to " + delegate + " from " + delegation.getValidFrom() + " until " + until
            + (groups.isEmpty() ? "" : " for " + String.join(", ", groups))));
    if (!delegation.getValidFrom().isAfter(now)) {
      start(delegation, now);
    }
    return DelegationView.of(delegation);
  }

  @Transactional(readOnly = true)
  public DelegationView find(String key) {
    return DelegationView.of(visible(key));
  }

  /** The delegations of {@code user} (as delegator or delegate; default the caller) the caller may see, newest first. */
  @Transactional(readOnly = true)
  public RecordPage<DelegationView> list(String user, PageQuery page) {
    String person = user == null || user.isBlank() ? currentUser.require() : user.strip();
    Specification<Delegation> ofPerson = (root, query, cb) -> cb.or(cb.equal(root.get("delegator"), person),
        cb.equal(root.get("delegate"), person));
    Specification<Delegation> spec = ofPerson.and(visibility.visibleRecords(Set.of(), "delegator", "delegate",
        "delegatorManager"));
    var result = delegations.findAll(spec, PageRequest.of(page.page(), page.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(page, result.getContent(), result.getTotalElements(), DelegationView::of);
  }

  /** Ends a delegation early (the delegator, their line manager or an admin): its tasks are withdrawn now. */
  public DelegationView end(String key) {
    Delegation delegation = visible(key);
    String caller = currentUser.require();
    if (!caller.equals(delegation.getDelegator()) && !caller.equals(delegation.getDelegatorManager()) && !isAdmin()) {
      throw new ForbiddenException(caller + " may not end " + key
          + ": only the delegator, their line manager or an admin may");
    }
    finish(delegation, clock.instant(), caller);
    return DelegationView.of(delegation);
  }

  // ---- The window (DelegationWindows calls these, one delegation per transaction) --------------------------------

  List<Long> dueToStart(Instant now) {
    return delegations.findByStatusAndValidFromLessThanEqualOrderByIdAsc(DelegationStatus.SCHEDULED, now).stream()
        .map(Delegation::getId).toList();
  }

  List<Long> dueToEnd(Instant now) {
    return delegations.findByStatusAndValidUntilLessThanEqualOrderByIdAsc(DelegationStatus.ACTIVE, now).stream()
        .map(Delegation::getId).toList();
  }

  /** Starts the delegation if it is still due (another node may have started it meanwhile). */
  boolean startIfDue(Long id, Instant now) {
    Delegation delegation = delegations.findById(id).orElseThrow();
    if (delegation.getStatus() != DelegationStatus.SCHEDULED || delegation.getValidFrom().isAfter(now)) {
      return false;
    }
    start(delegation, now);
    return true;
  }

  boolean endIfDue(Long id, Instant now) {
    Delegation delegation = delegations.findById(id).orElseThrow();
    if (delegation.getStatus() != DelegationStatus.ACTIVE || delegation.getValidUntil().isAfter(now)) {
      return false;
    }
    finish(delegation, now, AuditEvent.SYSTEM);
    return true;
  }

  /**
   * The people named as delegate by an open delegation (scheduled or in force) who have left: their account is locked
   * or gone. Each of their delegations is ended by {@link #endIfDelegateGone}.
   */
  List<Long> delegateGone() {
    return delegations.findDelegatesByStatusIn(OPEN).stream().filter(this::gone)
        .flatMap(delegate -> delegations.findByDelegateAndStatusInOrderByIdAsc(delegate, OPEN).stream())
        .map(Delegation::getId).toList();
  }

  /**
   * Ends the delegation if its delegate has left (another node may have ended it meanwhile): what was offered to them
   * is withdrawn, so the delegator's tasks wait for the delegator again (and escalate as theirs when overdue) rather
   * than for a person who is gone; the record keeps why ({@code endReason}), and the delegator is mailed.
   */
  boolean endIfDelegateGone(Long id, Instant now) {
    Delegation delegation = delegations.findById(id).orElseThrow();
    if (delegation.getStatus() == DelegationStatus.ENDED || !gone(delegation.getDelegate())) {
      return false;
    }
    String reason = "the delegate " + delegation.getDelegate() + " left (account "
        + (directory.userExists(delegation.getDelegate()) ? "locked" : "deleted") + ")";
    boolean wasActive = delegation.end(now, AuditEvent.SYSTEM, reason);
    finished(delegation, wasActive, now, AuditEvent.SYSTEM, reason + "; ");
    return true;
  }

  /** A delegate who has left: the account is locked (a leaver, or contained by a security incident) or deleted. */
  private boolean gone(String delegate) {
    return !directory.userExists(delegate) || locks.isLocked(delegate);
  }

  /**
   * The delegate of a delegation in force for {@code person} that covers a task of this scope (see Substitutes); not
   * one who has left since (the sweep ends their delegation at its next tick).
   */
  @Transactional(readOnly = true)
  public Optional<String> activeDelegateOf(String person, Collection<String> taskScope) {
    return delegations.findByDelegatorAndStatusOrderByIdAsc(person, DelegationStatus.ACTIVE).stream()
        .filter(d -> d.covers(taskScope)).map(Delegation::getDelegate).findFirst().filter(d -> !gone(d));
  }

  /**
   * Holds the person's lock row until this transaction ends: requests that record a delegation of the same person
   * check for overlaps one after the other, the later one seeing the earlier one's delegation once it is committed.
   */
  private void holdDelegator(String delegator) {
    lockRows.hold(delegatorLocks, delegator, () -> new DelegatorLock(delegator), delegatorLocks::lock);
  }

  private void start(Delegation delegation, Instant now) {
    delegation.start(now);
    // Flushed first: of two nodes starting the same delegation, the second fails here, before touching any task.
    delegations.saveAndFlush(delegation);
    List<String> offered = delegatedTasks.offerWaitingTasks(delegation.getDelegator());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "DELEGATION_STARTED", SUBJECT, delegation.getDelegationKey(),
        delegation.getDelegator() + "'s tasks offered to " + delegation.getDelegate() + ": " + offered.size()
            + " waiting"));
    mail(delegation, TEMPLATE_STARTED, offered.size());
  }

  private void finish(Delegation delegation, Instant now, String by) {
    finished(delegation, delegation.end(now, by), now, by, "");
  }

  private void finished(Delegation delegation, boolean wasActive, Instant now, String by, String why) {
    delegations.saveAndFlush(delegation);
    List<String> withdrawn = wasActive
        ? delegatedTasks.withdraw(delegation.getDelegator(), delegation.getDelegate()) : List.of();
    auditTrail.record(AuditEvent.of(by, "DELEGATION_ENDED", SUBJECT, delegation.getDelegationKey(),
        why + (now.isBefore(delegation.getValidUntil()) ? "ended early; " : "") + withdrawn.size()
            + " task(s) withdrawn from " + delegation.getDelegate()));
    mail(delegation, TEMPLATE_ENDED, withdrawn.size());
  }

  private void mail(Delegation d, String template, int tasks) {
    Map<String, Object> model = new HashMap<>();
    model.put("delegator", d.getDelegator());
    model.put("delegate", d.getDelegate());
    model.put("from", d.getValidFrom().toString());
    model.put("until", d.getValidUntil().toString());
    model.put("endedAt", Objects.toString(d.getEndedAt(), ""));
    model.put("endReason", d.getEndReason() == null ? "" : " because " + d.getEndReason());
    model.put("groups", d.getGroups().isEmpty() ? "all tasks offered to " + d.getDelegator() + " by name"
        : "tasks of " + String.join(", ", d.getGroups()));
    model.put("tasks", tasks);
    notifications.send(new NotificationRequest(d.getDelegationKey() + ":" + template, template, d.getDelegationKey(),
        List.of(d.getDelegator(), d.getDelegate()), List.of(), model));
  }

  private Delegation visible(String key) {
    Delegation delegation = delegations.findByDelegationKey(key)
        .orElseThrow(() -> new RecordNotFoundException(SUBJECT, key));
    return visibility.require(delegation, SUBJECT, key, Set.of(), delegation.getDelegator(), delegation.getDelegate(),
        delegation.getDelegatorManager());
  }

  private boolean isAdmin() {
    return currentUser.groups().contains(Groups.ADMINS);
  }
}
