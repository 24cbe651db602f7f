package io.sopflow.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The fact that the SMTP server accepted the mail of one notification. Written once, never changed. */
@Entity
@Table(name = "mail_handover")
class MailHandover {

  @Id
  @Column(name = "dedupe_key", updatable = false)
  private String dedupeKey;

  @Column(name = "handed_over_at", nullable = false, updatable = false)
  private Instant handedOverAt;

  protected MailHandover() {}

  MailHandover(String dedupeKey, Instant handedOverAt) {
    this.dedupeKey = dedupeKey;
    this.handedOverAt = handedOverAt;
  }

  Instant handedOverAt() {
    return handedOverAt;
  }
}
