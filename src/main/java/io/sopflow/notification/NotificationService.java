package io.sopflow.notification;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import io.sopflow.identity.Directory;
import io.sopflow.identity.DirectoryUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records notifications for delivery: renders a template for the people concerned (users and group members,
 * addresses from the identity store) and writes it to the outbox in the caller's transaction, i.e. together with the
 * business step that causes it: a step that rolls back leaves no notification, a step that commits always has its
 * notification. Nothing is mailed here; {@link NotificationDispatcher} mails PENDING rows after the commit, with
 * retries, so no SMTP outage holds up an SOP. Without an SMTP host (or without any address) the notification is
 * only RECORDED.
 */
@Service
public class NotificationService {

  private static final Logger log = LoggerFactory.getLogger(NotificationService.class);
  static final String TASK_LINK = "{{taskLink}}";
  static final String TASK_NAME = "{{taskName}}";

  private final NotificationRepository notifications;
  private final Directory directory;
  private final MailTemplates templates;
  private final List<NotificationModelContributor> contributors;
  private final Links links;
  private final boolean mailEnabled;
  private final Clock clock;

  NotificationService(NotificationRepository notifications, Directory directory, MailTemplates templates,
      List<NotificationModelContributor> contributors, Optional<JavaMailSender> mailSender,
      Links links, @Value("${spring.mail.host:}") String mailHost, Clock clock) {
    this.notifications = notifications;
    this.directory = directory;
    this.templates = templates;
    this.contributors = contributors;
    this.links = links;
    this.mailEnabled = mailHost != null && !mailHost.isBlank() && mailSender.isPresent();
    this.clock = clock;
  }

  /**
   * Records the notification for delivery (PENDING; RECORDED without SMTP host or recipients) in the caller's
   * transaction, once: a repeated call with the same dedupe key records nothing. The link to the waiting task
   * ({@link NotificationRequest#taskDefinitionKey()}), if the request could not give it, is found when it is mailed.
   */
  @Transactional
  public Optional<Notification> send(NotificationRequest request) {
    if (notifications.existsByDedupeKey(request.dedupeKey())) {
      log.debug("Notification {} already recorded", request.dedupeKey());
      return Optional.empty();
    }
    Set<String> addresses = new LinkedHashSet<>();
    List<String> leftOut = new ArrayList<>();
    resolveAddresses(request, addresses, leftOut);
    if (addresses.isEmpty()) {
      log.warn("Notification {} for {} has no recipient with an e-mail address; recorded only",
          request.template(), request.reference());
    }
    Notification.Status status = mailEnabled && !addresses.isEmpty() ? Notification.Status.PENDING
        : Notification.Status.RECORDED;
    Map<String, Object> model = modelFor(request);
    boolean linkLater = request.taskDefinitionKey() != null && request.processInstanceId() != null
        && !model.containsKey("taskLink") && status == Notification.Status.PENDING;
    if (linkLater) {
      // Kept as placeholders in the stored text; NotificationDispatcher fills them when it mails.
      model.put("taskLink", TASK_LINK);
      model.put("taskName", TASK_NAME);
    } else if (!model.containsKey("taskLink")) {
      model.put("taskLink", tasklistUrl());
    }
    MailTemplates.Rendered rendered = templates.render(request.template(), model);
    Notification notification = new Notification(request.dedupeKey(), request.reference(),
        request.template(), String.join(",", addresses), rendered.subject(), rendered.body(), status, clock.instant(),
        request.processInstanceId(), linkLater ? request.taskDefinitionKey() : null);
    contentFor(request).ifPresent(notification::withContent);
    if (!leftOut.isEmpty()) {
      notification.leftOut(String.join("; ", leftOut));
    }
    return Optional.of(notifications.save(notification));
  }

  /** Every notification about a record, with its delivery state (status, attempts, last error). */
  @Transactional(readOnly = true)
  public List<Notification> forReference(String reference) {
    return notifications.findByReferenceOrderByIdAsc(reference);
  }

  /** {@code GET /api/notifications}: one page of the notifications about a record, oldest first. */
  @Transactional(readOnly = true)
  RecordPage<NotificationView> forReference(String reference, PageQuery query) {
    Page<Notification> page = notifications.pageByReference(reference, PageRequest.of(query.page(), query.size()));
    return RecordPage.of(query, page.getContent(), page.getTotalElements(), NotificationView::of);
  }

  /** Link to Tasklist for a task, as the mails show it. */
  public String taskLink(String taskId) {
    return links.task(taskId);
  }

  /** Tasklist's start page: where a mail links when its task is gone or unknown. */
  public String tasklistUrl() {
    return links.tasklist();
  }

  static String messageId(String dedupeKey) {
    return "<" + dedupeKey.replaceAll("[^A-Za-z0-9.-]", "-") + "@sopflow>";
  }

  static boolean hasTaskPlaceholders(String text) {
    return text != null && (text.contains(TASK_LINK) || text.contains(TASK_NAME));
  }

  static String fillTaskPlaceholders(String text, String link, String name) {
    return text == null ? null : text.replace(TASK_LINK, link).replace(TASK_NAME, name == null ? "" : name);
  }

  /**
   * The addresses of the people a notification reaches, and the people named that it does not ({@code leftOut}, with
   * why). A person named who has left (the account locked, or deleted) is not mailed, as a locked member of a
   * recipient group is not ({@link Directory#membersOf}): their mailbox is closed or read by someone else, and what
   * they were told is not theirs to know any more. Nor does it go to their delegate: a delegation offers tasks within
   * its scope, and a mail about a record would tell the delegate what the record's visibility may not; the tasks
   * themselves reach whom they must. The row says who was left out, so {@code GET /api/notifications} shows why a
   * mail went to fewer people, or to nobody (RECORDED).
   */
  private void resolveAddresses(NotificationRequest request, Set<String> addresses, List<String> leftOut) {
    for (String userId : request.recipientUsers()) {
      Optional<DirectoryUser> reachable = directory.reachableUser(userId);
      if (reachable.isEmpty()) {
        leftOut.add(userId + (directory.userExists(userId) ? ": account locked (left or contained)"
            : ": not a known user"));
        continue;
      }
      reachable.map(DirectoryUser::email).filter(e -> e != null && !e.isBlank()).ifPresent(addresses::add);
    }
    for (String groupId : request.recipientGroups()) {
      for (DirectoryUser member : directory.membersOf(groupId)) {
        if (member.email() != null && !member.email().isBlank()) {
          addresses.add(member.email());
        }
      }
    }
  }

  private Optional<MailContent> contentFor(NotificationRequest request) {
    return contributors.stream().filter(c -> c.supports(request.reference()))
        .map(c -> c.content(request.reference(), request.template())).flatMap(Optional::stream).findFirst();
  }

  private Map<String, Object> modelFor(NotificationRequest request) {
    Map<String, Object> model = new HashMap<>();
    model.put("reference", request.reference());
    model.put("baseUrl", links.baseUrl());
    model.put("tasklistUrl", tasklistUrl());
    for (NotificationModelContributor contributor : contributors) {
      if (contributor.supports(request.reference())) {
        model.putAll(contributor.model(request.reference()));
      }
    }
    model.putAll(request.model());
    return model;
  }
}
