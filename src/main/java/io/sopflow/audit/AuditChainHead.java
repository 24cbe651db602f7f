package io.sopflow.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row that holds the end of the hash chain; locked while an entry is appended, so the chain stays linear. */
@Entity
@Table(name = "audit_chain_head")
class AuditChainHead {

  static final int ID = 1;

  @Id
  private Integer id;

  @Column(name = "last_seq", nullable = false)
  private long lastSeq;

  @Column(name = "last_hash", nullable = false)
  private String lastHash;

  protected AuditChainHead() {}

  long lastSeq() { return lastSeq; }

  String lastHash() { return lastHash; }

  void advance(AuditEntry entry) {
    if (entry.getSeq() != lastSeq + 1 || !entry.getPreviousHash().equals(lastHash)) {
      throw new IllegalStateException("Audit entry does not extend the chain");
    }
    lastSeq = entry.getSeq();
    lastHash = entry.getHash();
  }
}
