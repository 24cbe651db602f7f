package io.sopflow.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Mails the outbox: every {@code sopflow.notification.dispatch-interval} each node claims due PENDING rows in batches
 * ({@link NotificationOutbox#claim}: a conditional update, so a row goes to one node only, for a lease), mails a batch
 * over one SMTP connection and marks each row SENT as soon as the server accepted it. A failure is an attempt: the
 * row waits with capped exponential backoff and is tried again, by whichever node claims it then; after
 * {@code max-attempts} it is FAILED (logged at WARN, shown by {@code GET /api/notifications}). Nothing here runs in an
 * engine job or a business transaction, so no mail holds up an SOP. Without an SMTP host it does nothing (the rows are
 * RECORDED, not PENDING).
 *
 * <p>Why not {@code JavaMailSender.send(MimeMessage...)}: it reports only when the whole batch is through, so a node
 * killed in the middle would leave every mail it had already handed over unmarked, and they would all go out again.
 * The same connection is used, through Spring's session and transport, with one mark per accepted mail.
 */
@Component
class NotificationDispatcher {

  private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);
  private static final int MAX_BATCHES_PER_RUN = 10;

  /**
   * Jakarta Mail 2.1 looks up its {@code StreamProvider} for every body part it writes and every header it encodes,
   * through {@code ServiceLoader} across the whole class path unless this system property names the implementation
   * (jakartaee/mail-api#861): 11-14 % of the dispatcher's CPU in the benchmark. Named here unless set already.
   */
  static final String STREAM_PROVIDER_PROPERTY = "jakarta.mail.util.StreamProvider";
  static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

  static {
    if (System.getProperty(STREAM_PROVIDER_PROPERTY) == null) {
      try {
        Class.forName(ANGUS_STREAM_PROVIDER, false, NotificationDispatcher.class.getClassLoader());
        System.setProperty(STREAM_PROVIDER_PROPERTY, ANGUS_STREAM_PROVIDER);
      } catch (ClassNotFoundException another) {
        log.debug("{} not on the class path: Jakarta Mail finds its stream provider itself", ANGUS_STREAM_PROVIDER);
      }
    }
  }

  private final NotificationOutbox outbox;
  private final TaskLinks taskLinks;
  private final Optional<JavaMailSender> mailSender;
  private final MailProperties mailProperties;
  private final NotificationProperties properties;
  private final NotificationService notificationService;
  private final boolean mailEnabled;
  private final Clock businessClock;
  // Leases and backoff are real time, not the engine's (tests move ClockUtil by days).
  private final Clock wallClock;

  @Autowired
  NotificationDispatcher(NotificationOutbox outbox, TaskLinks taskLinks, Optional<JavaMailSender> mailSender,
      MailProperties mailProperties, NotificationProperties properties, NotificationService notificationService,
      @Value("${spring.mail.host:}") String mailHost, Clock clock) {
    this(outbox, taskLinks, mailSender, mailProperties, properties, notificationService, mailHost, clock,
        Clock.systemUTC());
  }

  NotificationDispatcher(NotificationOutbox outbox, TaskLinks taskLinks, Optional<JavaMailSender> mailSender,
      MailProperties mailProperties, NotificationProperties properties, NotificationService notificationService,
      String mailHost, Clock businessClock, Clock wallClock) {
    this.outbox = outbox;
    this.taskLinks = taskLinks;
    this.mailSender = mailSender;
    this.mailProperties = mailProperties;
    this.properties = properties;
    this.notificationService = notificationService;
    this.mailEnabled = mailHost != null && !mailHost.isBlank() && mailSender.isPresent();
    this.businessClock = businessClock;
    this.wallClock = wallClock;
  }

  @Scheduled(initialDelayString = "${sopflow.notification.dispatch-interval:PT1S}",
      fixedDelayString = "${sopflow.notification.dispatch-interval:PT1S}")
  void dispatchScheduled() {
    try {
      dispatch();
    } catch (RuntimeException e) {
      // The database may be away: the rows wait in their table, claimed ones until their lease ends.
      log.warn("Notification dispatch failed; trying again: {}", e.toString());
    }
  }

  /** One run: claims and mails batches until nothing is due (bounded, so other scheduled work gets its turn). */
  int dispatch() {
    if (!mailEnabled) {
      return 0;
    }
    int handled = 0;
    for (int round = 0; round < MAX_BATCHES_PER_RUN; round++) {
      NotificationOutbox.Claim claim = outbox.claim(properties.nodeId(), properties.batchSize(), wallClock.instant(),
          properties.lease());
      if (claim.rows().isEmpty()) {
        break;
      }
      handled += claim.rows().size();
      if (!deliver(claim) || claim.rows().size() < properties.batchSize()) {
        break;
      }
    }
    return handled;
  }

  private record Outgoing(Notification row, MimeMessage message, String subject, String body) {}

  /** Mails one claimed batch; false when the batch stopped early (SMTP or database away, lease running out). */
  private boolean deliver(NotificationOutbox.Claim claim) {
    List<Outgoing> outgoing = new ArrayList<>();
    Map<TaskLinks.Wanted, TaskLinks.TaskRef> links = taskLinks.find(
        claim.rows().stream().map(NotificationDispatcher::linkedTask).flatMap(Optional::stream).toList());
    for (Notification row : claim.rows()) {
      try {
        outgoing.add(prepare(row, links));
      } catch (MessagingException | MailException | IllegalArgumentException e) {
        // The message cannot even be built (a malformed address): trying again would not help.
        failed(claim, row, e, true);
      }
    }
    if (outgoing.isEmpty()) {
      return true;
    }
    JavaMailSender sender = mailSender.orElseThrow();
    if (!(sender instanceof JavaMailSenderImpl impl)) {
      return deliverOneByOne(claim, sender, outgoing);
    }
    Transport transport;
    try {
      transport = connect(impl);
    } catch (MessagingException e) {
      failedAll(claim, outgoing, 0, e);
      return false;
    }
    try {
      for (int i = 0; i < outgoing.size(); i++) {
        Outgoing mail = outgoing.get(i);
        if (leaseRunningOut(claim)) {
          outbox.release(outgoing.subList(i, outgoing.size()).stream().map(o -> o.row().getId()).toList(),
              claim.token());
          return false;
        }
        try {
          transport.sendMessage(mail.message(), mail.message().getAllRecipients());
        } catch (MessagingException e) {
          failed(claim, mail.row(), e);
          if (!transport.isConnected()) {
            failedAll(claim, outgoing, i + 1, e);
            return false;
          }
          continue;
        }
        sent(mail);
      }
      return true;
    } finally {
      try {
        transport.close();
      } catch (MessagingException e) {
        log.debug("Closing the SMTP connection failed: {}", e.toString());
      }
    }
  }

  private boolean deliverOneByOne(NotificationOutbox.Claim claim, JavaMailSender sender, List<Outgoing> outgoing) {
    for (Outgoing mail : outgoing) {
      if (leaseRunningOut(claim)) {
        outbox.release(List.of(mail.row().getId()), claim.token());
        continue;
      }
      try {
        sender.send(mail.message());
      } catch (MailException e) {
        failed(claim, mail.row(), e);
        continue;
      }
      sent(mail);
    }
    return true;
  }

  private void sent(Outgoing mail) {
    if (!outbox.markSent(mail.row(), businessClock.instant(), mail.subject(), mail.body())) {
      log.info("Notification {} was marked by another node meanwhile", mail.row().getDedupeKey());
    }
  }

  /** Half the lease is the budget for sending: the rest keeps the claim safe from a slow commit or clock skew. */
  private boolean leaseRunningOut(NotificationOutbox.Claim claim) {
    return !wallClock.instant().isBefore(claim.until().minus(properties.lease().dividedBy(2)));
  }

  private void failedAll(NotificationOutbox.Claim claim, List<Outgoing> outgoing, int from, Exception cause) {
    for (Outgoing mail : outgoing.subList(from, outgoing.size())) {
      failed(claim, mail.row(), cause);
    }
  }

  private void failed(NotificationOutbox.Claim claim, Notification row, Exception cause) {
    failed(claim, row, cause, false);
  }

  private void failed(NotificationOutbox.Claim claim, Notification row, Exception cause, boolean permanent) {
    int attempts = row.getAttempts() + 1;
    boolean giveUp = permanent || attempts >= properties.maxAttempts();
    Instant next = wallClock.instant().plus(properties.backoffAfter(attempts));
    String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    outbox.markFailedAttempt(row, claim.token(), error, next, giveUp);
    if (giveUp) {
      log.warn("Notification {} ({} for {}) FAILED after {} attempt(s), not retried any more: {}", row.getDedupeKey(),
          row.getTemplate(), row.getReference(), attempts, error);
    } else {
      log.warn("Notification {} ({} for {}) not mailed, attempt {}; next attempt at {}: {}", row.getDedupeKey(),
          row.getTemplate(), row.getReference(), attempts, next, error);
    }
  }

  /** Whether a row's text has the placeholders of the task it announces. */
  private static boolean linksToTask(Notification row) {
    return row.getTaskDefinitionKey() != null && (NotificationService.hasTaskPlaceholders(row.getSubject())
        || NotificationService.hasTaskPlaceholders(row.getBody()));
  }

  /** The task to look up for a row's placeholders (none without a process instance: then Tasklist's start page). */
  private static Optional<TaskLinks.Wanted> linkedTask(Notification row) {
    return linksToTask(row) && row.getProcessInstanceId() != null
        ? Optional.of(new TaskLinks.Wanted(row.getProcessInstanceId(), row.getTaskDefinitionKey()))
        : Optional.empty();
  }

  private Outgoing prepare(Notification row, Map<TaskLinks.Wanted, TaskLinks.TaskRef> links)
      throws MessagingException {
    String subject = row.getSubject();
    String body = row.getBody();
    if (linksToTask(row)) {
      // Not looked up without a process instance (linkedTask): then no entry, and Tasklist's start page.
      Optional<TaskLinks.TaskRef> task = Optional.ofNullable(
          links.get(new TaskLinks.Wanted(row.getProcessInstanceId(), row.getTaskDefinitionKey())));
      String link = task.filter(TaskLinks.TaskRef::open).map(t -> notificationService.taskLink(t.taskId()))
          .orElse(notificationService.tasklistUrl());
      String name = task.map(TaskLinks.TaskRef::name).orElse("");
      subject = NotificationService.fillTaskPlaceholders(subject, link, name);
      body = NotificationService.fillTaskPlaceholders(body, link, name);
    }
    JavaMailSender sender = mailSender.orElseThrow();
    MimeMessage message = sender.createMimeMessage();
    boolean multipart = row.getHtmlBody() != null || row.getAttachmentContent() != null;
    MimeMessageHelper helper = new MimeMessageHelper(message, multipart, "UTF-8");
    helper.setFrom(mailProperties.from());
    helper.setTo(row.getRecipients().split(","));
    helper.setSubject(subject);
    if (row.getHtmlBody() != null) {
      helper.setText(body, row.getHtmlBody());
    } else {
      helper.setText(body);
    }
    if (row.getAttachmentContent() != null) {
      helper.addAttachment(row.getAttachmentName(), new ByteArrayResource(
          row.getAttachmentContent().getBytes(StandardCharsets.UTF_8)), row.getAttachmentType() + "; charset=UTF-8");
    }
    helper.setSentDate(Date.from(wallClock.instant()));
    message.saveChanges();
    // A stable Message-ID (from the dedupe key): the rare second copy after a crash mid-hand-over can be dropped.
    message.setHeader("Message-ID", NotificationService.messageId(row.getDedupeKey()));
    message.setHeader("X-SOPFlow-Notification", row.getDedupeKey());
    return new Outgoing(row, message, subject, body);
  }

  /** What {@link JavaMailSenderImpl} does before a send, kept open for the whole batch. */
  private static Transport connect(JavaMailSenderImpl sender) throws MessagingException {
    String protocol = sender.getProtocol() != null ? sender.getProtocol()
        : sender.getSession().getProperty("mail.transport.protocol");
    Transport transport = sender.getSession().getTransport(protocol == null ? "smtp" : protocol);
    String username = sender.getUsername();
    String password = sender.getPassword();
    if ("".equals(username)) {
      username = null;
      if ("".equals(password)) {
        password = null;
      }
    }
    transport.connect(sender.getHost(), sender.getPort(), username, password);
    return transport;
  }
}
