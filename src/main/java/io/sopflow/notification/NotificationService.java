package io.sopflow.notification;

import io.sopflow.identity.Directory;
import io.sopflow.identity.DirectoryUser;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Renders a template for the people concerned (users and group members, addresses from the identity store), records it
 * and mails it. Called from asynchronous service tasks: an SMTP failure is thrown, the job is retried later, and
 * nothing of the person's work that led here is rolled back. Without an SMTP host the notification is only recorded.
 */
@Service
public class NotificationService {

  private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

  private final NotificationRepository notifications;
  private final MailHandovers handovers;
  private final Directory directory;
  private final MailTemplates templates;
  private final List<NotificationModelContributor> contributors;
  private final Optional<JavaMailSender> mailSender;
  private final MailProperties mailProperties;
  private final String baseUrl;
  private final boolean mailEnabled;
  private final Clock clock;

  NotificationService(NotificationRepository notifications, MailHandovers handovers, Directory directory,
      MailTemplates templates,
      List<NotificationModelContributor> contributors, Optional<JavaMailSender> mailSender,
      MailProperties mailProperties, @Value("${sopflow.base-url}") String baseUrl,
      @Value("${spring.mail.host:}") String mailHost, Clock clock) {
    this.notifications = notifications;
    this.handovers = handovers;
    this.directory = directory;
    this.templates = templates;
    this.contributors = contributors;
    this.mailSender = mailSender;
    this.mailProperties = mailProperties;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.mailEnabled = mailHost != null && !mailHost.isBlank() && mailSender.isPresent();
    this.clock = clock;
  }

  /** Sends (or records) the notification once; a repeated call with the same dedupe key does nothing. */
  @Transactional
  public Optional<Notification> send(NotificationRequest request) {
    if (notifications.existsByDedupeKey(request.dedupeKey())) {
      log.debug("Notification {} already sent", request.dedupeKey());
      return Optional.empty();
    }
    Set<String> addresses = resolveAddresses(request);
    Map<String, Object> model = modelFor(request);
    MailTemplates.Rendered rendered = templates.render(request.template(), model);
    if (addresses.isEmpty()) {
      log.warn("Notification {} for {} has no recipient with an e-mail address; recorded only",
          request.template(), request.reference());
    }
    Notification.Status status = mailEnabled && !addresses.isEmpty() ? Notification.Status.SENT : Notification.Status.RECORDED;
    Notification notification = notifications.save(new Notification(request.dedupeKey(), request.reference(),
        request.template(), String.join(",", addresses), rendered.subject(), rendered.body(), status, clock.instant()));
    // Flush first: a duplicate (the same job run on two nodes) fails here, before anything is mailed.
    notifications.flush();
    if (status == Notification.Status.SENT) {
      Optional<java.time.Instant> handedOver = handovers.handedOver(request.dedupeKey());
      if (handedOver.isPresent()) {
        // An earlier attempt of this job mailed it and then rolled back: record it, do not mail it twice.
        log.info("Notification {} was handed to the mail server at {} by an earlier attempt; not mailed again",
            request.dedupeKey(), handedOver.get());
      } else {
        mail(request.dedupeKey(), addresses, rendered);
        handovers.record(request.dedupeKey());
      }
    }
    return Optional.of(notification);
  }

  @Transactional(readOnly = true)
  public List<Notification> sentFor(String reference) {
    return notifications.findByReferenceOrderByIdAsc(reference);
  }

  /** Link to Tasklist for a task, as the mails show it. */
  public String taskLink(String taskId) {
    return baseUrl + "/camunda/app/tasklist/default/#/?task=" + taskId;
  }

  private void mail(String dedupeKey, Set<String> addresses, MailTemplates.Rendered rendered) {
    try {
      JavaMailSender sender = mailSender.orElseThrow();
      MimeMessage message = sender.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
      helper.setFrom(mailProperties.from());
      helper.setTo(addresses.toArray(String[]::new));
      helper.setSubject(rendered.subject());
      helper.setText(rendered.body());
      // A stable Message-ID lets mail systems drop the rare duplicate of a resend after a crash mid-commit.
      message.saveChanges();
      message.setHeader("Message-ID", "<" + dedupeKey.replaceAll("[^A-Za-z0-9.-]", "-") + "@sopflow>");
      message.setHeader("X-SOPFlow-Notification", dedupeKey);
      sender.send(message);
    } catch (MessagingException | MailException e) {
      throw new NotificationFailedException("Mail for " + dedupeKey + " could not be sent: " + e.getMessage(), e);
    }
  }

  private Set<String> resolveAddresses(NotificationRequest request) {
    Set<String> addresses = new LinkedHashSet<>();
    for (String userId : request.recipientUsers()) {
      directory.findUser(userId).map(DirectoryUser::email).filter(e -> e != null && !e.isBlank()).ifPresent(addresses::add);
    }
    for (String groupId : request.recipientGroups()) {
      for (DirectoryUser member : directory.membersOf(groupId)) {
        if (member.email() != null && !member.email().isBlank()) {
          addresses.add(member.email());
        }
      }
    }
    return addresses;
  }

  private Map<String, Object> modelFor(NotificationRequest request) {
    Map<String, Object> model = new HashMap<>();
    model.put("reference", request.reference());
    model.put("baseUrl", baseUrl);
    model.put("tasklistUrl", baseUrl + "/camunda/app/tasklist/default/");
    for (NotificationModelContributor contributor : contributors) {
      if (contributor.supports(request.reference())) {
        model.putAll(contributor.model(request.reference()));
      }
    }
    model.putAll(request.model());
    return model;
  }
}
