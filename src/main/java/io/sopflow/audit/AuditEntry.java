package io.sopflow.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PreRemove;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * One decision, as it happened: who, when, what, on whose behalf. Entries are append-only. The business transaction
 * writes an entry unsealed; {@link AuditTrail#sealPending()} then gives it once, and only once, its place in the chain
 * ({@code seq}), the hash of its predecessor and its own, so that an edited or deleted entry breaks the chain
 * ({@link AuditTrail#verify()}).
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(unique = true)
  private Long seq;

  @Column(name = "recorded_at", nullable = false, updatable = false)
  private Instant recordedAt;

  @Column(nullable = false, updatable = false)
  private String actor;

  @Column(name = "on_behalf_of", updatable = false)
  private String onBehalfOf;

  @Column(nullable = false, updatable = false)
  private String action;

  @Column(name = "subject_type", nullable = false, updatable = false)
  private String subjectType;

  @Column(name = "subject_key", nullable = false, updatable = false)
  private String subjectKey;

  @Column(updatable = false, length = 2000)
  private String details;

  @Column(name = "previous_hash")
  private String previousHash;

  @Column
  private String hash;

  /** Set only while {@link #seal} runs, so that sealing is the one update an entry ever accepts. */
  @Transient
  private boolean sealing;

  protected AuditEntry() {}

  AuditEntry(Instant recordedAt, AuditEvent event) {
    // Whole seconds: the hash computed now must match the one recomputed from the stored value, and on MySQL/MariaDB
    // Connector/J runs with sendFractionalSeconds=false (Camunda requires it), so fractions never reach the database.
    // (With microseconds every entry written on MySQL read back as "altered": TwoNodeClusterTest.)
    this.recordedAt = recordedAt.truncatedTo(ChronoUnit.SECONDS);
    this.actor = event.actor();
    this.onBehalfOf = event.onBehalfOf();
    this.action = event.action();
    this.subjectType = event.subjectType();
    this.subjectKey = event.subjectKey();
    this.details = event.details();
  }

  /** Gives the entry its place in the chain. An entry is sealed once; its content never changes. */
  void seal(long seq, String previousHash) {
    if (isSealed()) {
      throw new IllegalStateException("Audit entry " + id + " is already sealed as " + this.seq);
    }
    this.seq = seq;
    this.previousHash = previousHash;
    this.hash = computeHash();
    this.sealing = true;
  }

  public boolean isSealed() {
    return seq != null;
  }

  String computeHash() {
    String canonical = String.join("\u001f", Long.toString(seq), Long.toString(recordedAt.toEpochMilli() * 1000
        + (recordedAt.getNano() / 1000) % 1000), actor, nullToEmpty(onBehalfOf), action, subjectType, subjectKey,
        nullToEmpty(details), previousHash);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @PreUpdate
  void refuseChangeButSealing() {
    if (!sealing) {
      throw new IllegalStateException("Audit entries are append-only");
    }
    sealing = false;
  }

  @PreRemove
  void refuseRemoval() {
    throw new IllegalStateException("Audit entries are append-only");
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  public Long getSeq() { return seq; }
  public Instant getRecordedAt() { return recordedAt; }
  public String getActor() { return actor; }
  public String getOnBehalfOf() { return onBehalfOf; }
  public String getAction() { return action; }
  public String getSubjectType() { return subjectType; }
  public String getSubjectKey() { return subjectKey; }
  public String getDetails() { return details; }
  public String getPreviousHash() { return previousHash; }
  public String getHash() { return hash; }
}
