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

/** A notification as rendered and its fate: sent by mail, or only recorded when no SMTP server is configured. */
@Entity
@Table(name = "notification")
public class Notification {

  public enum Status { SENT, RECORDED }

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

  @Column(nullable = false, updatable = false, length = 500)
  private String subject;

  // Unbounded text: LONGTEXT on MySQL, CLOB on H2 (a @Lob's default length would mean TINYTEXT on MySQL).
  @Lob
  @Column(nullable = false, updatable = false, length = Integer.MAX_VALUE)
  private String body;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "sent_at")
  private Instant sentAt;

  protected Notification() {}

  Notification(String dedupeKey, String reference, String template, String recipients, String subject, String body,
      Status status, Instant now) {
    this.dedupeKey = dedupeKey;
    this.reference = reference;
    this.template = template;
    this.recipients = recipients;
    this.subject = subject;
    this.body = body;
    this.status = status;
    this.createdAt = now;
    this.sentAt = status == Status.SENT ? now : null;
  }

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
}
