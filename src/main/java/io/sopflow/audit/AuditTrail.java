package io.sopflow.audit;

import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail: every decision of every SOP, append-only and hash-chained. Appends join the caller's transaction,
 * so an entry exists exactly when the decision it records was committed.
 */
@Service
public class AuditTrail {

  private static final int VERIFY_BATCH = 500;

  private final AuditEntryRepository entries;
  private final AuditChainHeadRepository heads;
  private final Clock clock;

  AuditTrail(AuditEntryRepository entries, AuditChainHeadRepository heads, Clock clock) {
    this.entries = entries;
    this.heads = heads;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public AuditEntry record(AuditEvent event) {
    AuditChainHead head = heads.lockHead(AuditChainHead.ID)
        .orElseThrow(() -> new IllegalStateException("audit_chain_head row is missing"));
    AuditEntry entry = new AuditEntry(head.lastSeq() + 1, clock.instant(), event, head.lastHash());
    head.advance(entry);
    return entries.save(entry);
  }

  @Transactional(readOnly = true)
  public List<AuditEntry> entriesFor(String subjectKey) {
    return entries.findBySubjectKeyOrderBySeqAsc(subjectKey);
  }

  /** Walks the whole chain: every entry's hash must match its content and its predecessor, and none may be missing. */
  @Transactional(readOnly = true)
  public AuditVerification verify() {
    AuditChainHead head = heads.findById(AuditChainHead.ID).orElseThrow();
    long expectedSeq = 1;
    String previousHash = AuditVerification.GENESIS;
    List<AuditEntry> batch;
    long checked = 0;
    do {
      batch = entries.findAfter(expectedSeq - 1, PageRequest.of(0, VERIFY_BATCH));
      for (AuditEntry entry : batch) {
        if (entry.getSeq() != expectedSeq) {
          return AuditVerification.broken(checked, expectedSeq, "entry " + expectedSeq + " is missing");
        }
        if (!entry.getPreviousHash().equals(previousHash)) {
          return AuditVerification.broken(checked, entry.getSeq(), "entry " + entry.getSeq() + " does not follow its predecessor");
        }
        if (!entry.computeHash().equals(entry.getHash())) {
          return AuditVerification.broken(checked, entry.getSeq(), "entry " + entry.getSeq() + " was altered");
        }
        previousHash = entry.getHash();
        expectedSeq++;
        checked++;
      }
    } while (batch.size() == VERIFY_BATCH);
    if (checked != head.lastSeq() || !previousHash.equals(head.lastHash())) {
      return AuditVerification.broken(checked, checked + 1, "the chain ends at " + checked + " but the head says "
          + head.lastSeq() + ": entries were deleted");
    }
    return AuditVerification.intact(checked);
  }
}
