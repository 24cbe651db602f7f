package io.sopflow.sop.review;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Groups;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.sop.ReviewDueDates;
import io.sopflow.sop.SopModels.SopModel;
import io.sopflow.sop.SopModels;
import io.sopflow.sop.SopRevisionInForce;
import io.sopflow.sop.review.SopReviewApi.ReviewHistory;
import io.sopflow.sop.review.SopReviewApi.ReviewView;
import io.sopflow.sop.review.SopReviewApi.TaskDetails;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The periodic review of the SOPs (docs/sop-reviews-and-migrations.md): each SOP's next review due date, the reviews
 * the scheduler starts when it falls due ({@code SopReviewProcess}, a "Review SOP" task for the SOP's owner group) and
 * their outcome, which restarts the interval.
 */
@Service
@Transactional
public class SopReviewService implements NotificationModelContributor, ReviewDueDates {

  static final String SUBJECT = "SOP review";
  /** Who reads every SOP's review history: process owners, managers, admins (and each SOP's own owner group). */
  static final Set<String> READERS = Set.of(Groups.PROCESS_OWNERS, Groups.MANAGERS, Groups.ADMINS);
  private static final Logger log = LoggerFactory.getLogger(SopReviewService.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final SopReviewScheduleRepository schedules;
  private final SopReviewRepository reviews;
  private final SopModels models;
  private final SopReviewProperties properties;
  private final CurrentUser currentUser;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  SopReviewService(SopReviewScheduleRepository schedules, SopReviewRepository reviews, SopModels models,
      SopReviewProperties properties, CurrentUser currentUser, AuditTrail audit, ApplicationEventPublisher events,
      Clock clock) {
    this.schedules = schedules;
    this.reviews = reviews;
    this.models = models;
    this.properties = properties;
    this.currentUser = currentUser;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** When {@code processKey} is next due for review; empty for a key without a schedule (not an SOP, or not yet). */
  @Override
  @Transactional(readOnly = true)
  public Optional<Instant> nextReviewDue(String processKey) {
    return schedules.findByProcessKey(processKey).map(SopReviewSchedule::getNextReviewDue);
  }

  /**
   * A revision of {@code processKey} came into force at {@code effectiveFrom}: a reviewed and approved SOP starts a
   * new interval. An open review stays open (its outcome restarts the interval again when recorded).
   *
   * <p>After the revision's commit, in a transaction of its own: a version comes in force inside the engine's deploy
   * command (an SOP's first version, or one adopted at start-up), before the engine has written the definition whose
   * {@code reviewInterval} this reads. Should this fail, the schedule keeps its due date: a review comes early, none
   * is lost.
   */
  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void on(SopRevisionInForce inForce) {
    revisionInForce(inForce.processKey(), inForce.effectiveFrom());
  }

  public void revisionInForce(String processKey, Instant effectiveFrom) {
    // An SOP without a schedule yet (its first version) gets one from the scheduler, which creates each SOP's
    // schedule once across nodes (createSchedule); only an existing schedule restarts here.
    schedules.findByProcessKey(processKey).ifPresent(schedule -> {
      Period interval = intervalOf(processKey);
      schedule.restart(effectiveFrom, interval);
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "REVIEW_RESCHEDULED", SUBJECT, processKey,
          "revision in force from " + effectiveFrom + "; next review due "
              + ReviewIntervals.after(effectiveFrom, interval)));
    });
  }

  /** {@code GET /api/sops/{key}/reviews}: newest first, with the schedule. */
  @Transactional(readOnly = true)
  public ReviewHistory history(String processKey) {
    String user = currentUser.require();
    SopModel model = models.inForce(processKey).orElse(null);
    if (model == null) {
      throw new RecordNotFoundException("SOP", processKey);
    }
    if (currentUser.groups().stream().noneMatch(g -> READERS.contains(g) || g.equals(model.ownerGroup()))) {
      throw new ForbiddenException("Only process owners, the SOP's owner group, managers and admins read its "
          + "reviews (" + user + " is none of them)");
    }
    Optional<SopReviewSchedule> schedule = schedules.findByProcessKey(processKey);
    return new ReviewHistory(processKey, schedule.map(SopReviewSchedule::getReviewInterval)
        .orElse(intervalOf(model).toString()), schedule.map(SopReviewSchedule::getNextReviewDue).orElse(null),
        schedule.map(SopReviewSchedule::getLastReviewedAt).orElse(null),
        reviews.findByProcessKeyOrderByDueAtDesc(processKey).stream().map(ReviewView::of).toList());
  }

  // ---- the scheduler's steps (each in its own transaction, see SopReviewScheduler) -----------------------------------

  /**
   * The schedule of an SOP seen for the first time: due an interval after its latest version was deployed (a fresh
   * install: a year from now; an SOP unreviewed for longer is due at once).
   */
  SopReviewSchedule createSchedule(String processKey) {
    SopModel model = models.inForce(processKey).orElseThrow(() -> new RecordNotFoundException("SOP", processKey));
    SopReviewSchedule schedule = schedules.saveAndFlush(
        new SopReviewSchedule(processKey, intervalOf(model), model.deployedAt()));
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "REVIEW_SCHEDULED", SUBJECT, processKey,
        "every " + schedule.getReviewInterval() + "; next review due " + schedule.getNextReviewDue()));
    return schedule;
  }

  /** Claims the review due at {@code due} (unique key) and starts its process; returns its key. */
  String startScheduled(String processKey, Instant due, String node) {
    SopModel model = models.inForce(processKey).orElseThrow(() -> new RecordNotFoundException("SOP", processKey));
    SopReview review = reviews.saveAndFlush(new SopReview(processKey, due, model.ownerGroup(), node, clock.instant()));
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "REVIEW_DUE", SUBJECT, review.getReviewKey(),
        processKey + " due " + due + "; offered to " + model.ownerGroup()));
    events.publishEvent(new SopReviewDue(review.getReviewKey(), processKey, model.ownerGroup()));
    return review.getReviewKey();
  }

  @Transactional(readOnly = true)
  boolean hasOpenReview(String processKey) {
    return reviews.existsByProcessKeyAndStatus(processKey, SopReview.Status.OPEN);
  }

  // ---- the review process -----------------------------------------------------------------------------------------

  /** The process started for the review (same transaction as {@link #startScheduled}). */
  public void processStarted(String reviewKey, String processInstanceId) {
    load(reviewKey).processStarted(processInstanceId);
  }

  @Transactional(readOnly = true)
  public TaskDetails taskDetails(String reviewKey) {
    SopReview review = load(reviewKey);
    Optional<SopModel> model = models.inForce(review.getProcessKey());
    Optional<SopReviewSchedule> schedule = schedules.findByProcessKey(review.getProcessKey());
    return new TaskDetails(model.map(SopModel::name).orElse(review.getProcessKey()), review.getProcessKey(),
        model.map(SopModel::version).orElse(0), DAY.format(review.getDueAt()),
        schedule.map(SopReviewSchedule::getLastReviewedAt).map(DAY::format).orElse("never"),
        schedule.map(SopReviewSchedule::getReviewInterval).orElse(properties.interval().toString()));
  }

  /**
   * Step "Review SOP": the owner group's outcome; a planned revision needs a comment saying what changes. The next
   * review falls due an interval after this one.
   */
  public ReviewView recordReview(String reviewKey, ReviewOutcome outcome, String comment, String by) {
    if (outcome == ReviewOutcome.REVISION_PLANNED && (comment == null || comment.isBlank())) {
      throw new InvalidRequestException("comment", "is required when a revision is planned: say what will change");
    }
    if (comment != null && comment.length() > SopReview.MAX_COMMENT) {
      throw new InvalidRequestException("comment", "must be at most " + SopReview.MAX_COMMENT + " characters");
    }
    SopReview review = load(reviewKey);
    Instant now = clock.instant();
    Period interval = intervalOf(review.getProcessKey());
    SopReviewSchedule schedule = schedules.findByProcessKey(review.getProcessKey()).orElseGet(() ->
        schedules.saveAndFlush(new SopReviewSchedule(review.getProcessKey(), interval, now)));
    schedule.reviewed(now, interval);
    review.complete(outcome, comment, by, now, schedule.getNextReviewDue());
    audit.record(AuditEvent.of(by, "REVIEWED", SUBJECT, reviewKey, outcome + (comment == null ? "" : ": " + comment)
        + "; next review due " + schedule.getNextReviewDue()));
    return ReviewView.of(review);
  }

  // ---- mail -----------------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(SopReview.KEY_PREFIX);
  }

  @Override
  public Map<String, Object> model(String reference) {
    SopReview review = load(reference);
    Map<String, Object> model = new HashMap<>();
    model.put("processKey", review.getProcessKey());
    model.put("sopName", models.inForce(review.getProcessKey()).map(SopModel::name).orElse(review.getProcessKey()));
    model.put("dueAt", DAY.format(review.getDueAt()));
    model.put("ownerGroup", review.getOwnerGroup());
    return model;
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private Period intervalOf(String processKey) {
    return models.inForce(processKey).map(this::intervalOf).orElse(properties.interval());
  }

  /** The model's own {@code reviewInterval}, else the configured default; a malformed one is logged, not fatal. */
  private Period intervalOf(SopModel model) {
    Optional<Period> own = ReviewIntervals.parse(model.reviewInterval());
    if (own.isEmpty() && model.reviewInterval() != null && !model.reviewInterval().isBlank()) {
      log.warn("{}: reviewInterval '{}' is not a positive period such as P1Y or P6M; using {}", model.processKey(),
          model.reviewInterval(), properties.interval());
    }
    return own.orElse(properties.interval());
  }

  private SopReview load(String reviewKey) {
    return reviews.findByReviewKey(reviewKey).orElseThrow(() -> new RecordNotFoundException(SUBJECT, reviewKey));
  }
}
