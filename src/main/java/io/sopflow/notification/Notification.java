package io.sopflow.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A notification as rendered, and its delivery: an outbox row written in the business step's transaction
 * ({@link Status#PENDING}) and mailed later by the {@link NotificationDispatcher}, which claims it for a lease, mails it
 * and marks it {@link Status#SENT}, or records the failed attempt and when to try again. Delivery columns change only
 * through the dispatcher's conditional updates ({@link NotificationRepository}), never through this object.
 */
@Entity
@Table(name = "notification")
public class Notification {

  public enum Status {
    /** Recorded with the business step; waiting for the dispatcher (first attempt, or a retry after a failure). */
    PENDING,
    /** Accepted by the SMTP server. */
    SENT,
    /** Not mailed: no SMTP server configured, or nobody to mail it to. */
    RECORDED,
    /** Given up after the configured number of attempts; visible here and logged at WARN. */
    FAILED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "dedupe_key", nullable = false, unique = true, updatable = false)
  private String dedupeKey;

  @Column(nullable = false, updatable = false)
  private String reference;

  @Column(nullable = false, updatable = false)
  private String template;

  @Column(nullable = false, updatable = false, length = 2000)
  private String recipients;

  @Column(nullable = false, length = 500)
  private String subject;

  // Unbounded text: LONGTEXT on MySQL, CLOB on H2 (a @Lob's default length would mean TINYTEXT on MySQL).
  @Lob
  @Column(nullable = false, length = Integer.MAX_VALUE)
  private String body;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "sent_at")
  private Instant sentAt;

  @Column(nullable = false)
  private int attempts;

  /** Not before this instant (wall clock); null = as soon as possible. */
  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error", length = 1000)
  private String lastError;

  /** The claim of the last dispatcher that took the row ({@code node-id:claim}); kept after sending, for diagnosis. */
  @Column(name = "claimed_by", length = 100)
  private String claimedBy;

  /** The claim's lease: until then no other dispatcher takes the row. */
  @Column(name = "claimed_until")
  private Instant claimedUntil;

  /** The waiting task the mail links to, when it did not exist yet at record time (resolved at dispatch). */
  @Column(name = "task_definition_key", updatable = false)
  private String taskDefinitionKey;

  @Column(name = "process_instance_id", length = 64, updatable = false)
  private String processInstanceId;

  /** An HTML alternative of the body (null: plain text only). */
  @Lob
  @Column(name = "html_body", updatable = false, length = Integer.MAX_VALUE)
  private String htmlBody;

  @Column(name = "attachment_name", updatable = false, length = 200)
  private String attachmentName;

  @Column(name = "attachment_type", updatable = false, length = 100)
  private String attachmentType;

  /** One text attachment (a report's CSV), mailed as UTF-8. */
  @Lob
  @Column(name = "attachment_content", updatable = false, length = Integer.MAX_VALUE)
  private String attachmentContent;

  /** The people named as recipients who were not mailed, and why (they left: account locked or deleted). */
  @Column(name = "left_out", updatable = false, length = 1000)
  private String leftOut;

  protected Notification() {}

  Notification(String dedupeKey, String reference, String template, String recipients, String subject, String body,
      Status status, Instant now, String processInstanceId, String taskDefinitionKey) {
    this.dedupeKey = dedupeKey;
    this.reference = reference;
    this.template = template;
    this.recipients = recipients;
    this.subject = subject;
    this.body = body;
    this.status = status;
    this.createdAt = now;
    this.processInstanceId = processInstanceId;
    this.taskDefinitionKey = taskDefinitionKey;
  }

  void withContent(MailContent content) {
    this.htmlBody = content.html();
    this.attachmentName = content.attachmentName();
    this.attachmentType = content.attachmentType();
    this.attachmentContent = content.attachment();
  }

  void leftOut(String people) {
    this.leftOut = people.length() > 1000 ? people.substring(0, 997) + "..." : people;
  }

  public String getLeftOut() { return leftOut; }
  public String getHtmlBody() { return htmlBody; }
  public String getAttachmentName() { return attachmentName; }
  public String getAttachmentType() { return attachmentType; }
  public String getAttachmentContent() { return attachmentContent; }
  public Long getId() { return id; }
  public String getDedupeKey() { return dedupeKey; }
  public String getReference() { return reference; }
  public String getTemplate() { return template; }
  public String getRecipients() { return recipients; }
  public String getSubject() { return subject; }
  public String getBody() { return body; }
  public Status getStatus() { return status; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getSentAt() { return sentAt; }
  public int getAttempts() { return attempts; }
  public Instant getNextAttemptAt() { return nextAttemptAt; }
  public String getLastError() { return lastError; }
  public String getClaimedBy() { return claimedBy; }
  public Instant getClaimedUntil() { return claimedUntil; }
  public String getTaskDefinitionKey() { return taskDefinitionKey; }
  public String getProcessInstanceId() { return processInstanceId; }
}
