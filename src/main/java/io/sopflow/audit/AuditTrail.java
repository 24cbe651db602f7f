package io.sopflow.audit;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail: every decision of every SOP, append-only and hash-chained.
 *
 * <p>{@link #record} writes the entry in the caller's transaction, so an entry exists exactly when the decision it
 * records was committed. It does not chain it: chaining means locking the chain's one head row, and a lock every
 * audited transaction of the cluster needs serializes them all (it capped SOPFlow at about three incident lifecycles
 * per second whatever the concurrency, and a timer storm at one escalation at a time: docs/benchmarks.md). Committed
 * entries are sealed instead by {@link #sealPending()}, which {@link AuditSealer} calls every half second on every node:
 * under the head's row lock, so that nodes take turns, each unsealed entry gets the next {@code seq}, its
 * predecessor's hash and its own. Until then (normally under a second) an entry is shown as not yet sealed, and
 * {@link #verify()} counts it as awaiting its seal.
 */
@Service
public class AuditTrail {

  private static final int VERIFY_BATCH = 500;
  static final int SEAL_BATCH = 200;

  private final AuditEntryRepository entries;
  private final AuditChainHeadRepository heads;
  private final Clock clock;
  private final TransactionTemplate sealTransaction;

  AuditTrail(AuditEntryRepository entries, AuditChainHeadRepository heads, Clock clock,
      PlatformTransactionManager transactionManager) {
    this.entries = entries;
    this.heads = heads;
    this.clock = clock;
    this.sealTransaction = new TransactionTemplate(transactionManager);
    this.sealTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Records a decision in the caller's transaction: the entry exists if, and only if, that transaction commits. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(AuditEvent event) {
    entries.save(new AuditEntry(clock.instant(), event));
  }

  /**
   * Seals until nothing committed is left unsealed, {@value #SEAL_BATCH} entries per transaction; returns how many
   * entries were sealed.
   */
  public long sealPending() {
    if (!entries.existsBySeqIsNull()) {
      return 0; // the usual case: no lock taken, one indexed look-up every half second per node
    }
    long sealed = 0;
    int batch;
    do {
      batch = sealTransaction.execute(status -> sealBatch());
      sealed += batch;
    } while (batch == SEAL_BATCH);
    return sealed;
  }

  /** Chains up to {@value #SEAL_BATCH} committed, unsealed entries in the order they were written. */
  private int sealBatch() {
    AuditChainHead head = heads.lockHead(AuditChainHead.ID)
        .orElseThrow(() -> new IllegalStateException("audit_chain_head row is missing"));
    List<AuditEntry> unsealed = entries.findUnsealed(PageRequest.of(0, SEAL_BATCH));
    for (AuditEntry entry : unsealed) {
      entry.seal(head.lastSeq() + 1, head.lastHash());
      head.advance(entry);
    }
    return unsealed.size();
  }

  /** The entries about one subject, in the order they were written (sealed or not yet). */
  @Transactional(readOnly = true)
  public List<AuditEntry> entriesFor(String subjectKey) {
    return entries.findBySubjectKeyOrderByIdAsc(subjectKey);
  }

  /** {@code GET /api/audit}: one page of the entries about one subject, in the order they were written. */
  @Transactional(readOnly = true)
  public RecordPage<AuditEntry> entriesFor(String subjectKey, PageQuery query) {
    Page<AuditEntry> page = entries.pageBySubjectKey(subjectKey, PageRequest.of(query.page(), query.size()));
    return RecordPage.of(query, page.getContent(), page.getTotalElements(), Function.identity());
  }

  /** Walks the whole chain: every entry's hash must match its content and its predecessor, and none may be missing. */
  @Transactional(readOnly = true)
  public AuditVerification verify() {
    AuditChainHead head = heads.findById(AuditChainHead.ID).orElseThrow();
    long awaitingSeal = entries.countBySeqIsNull();
    long expectedSeq = 1;
    String previousHash = AuditVerification.GENESIS;
    // The head is read first; entries sealed while the walk runs extend the chain beyond it, which is fine.
    String hashAtHead = head.lastSeq() == 0 ? AuditVerification.GENESIS : null;
    List<AuditEntry> batch;
    long checked = 0;
    do {
      batch = entries.findAfter(expectedSeq - 1, PageRequest.of(0, VERIFY_BATCH));
      for (AuditEntry entry : batch) {
        if (entry.getSeq() != expectedSeq) {
          return AuditVerification.broken(checked, expectedSeq, "entry " + expectedSeq + " is missing", awaitingSeal);
        }
        if (!entry.getPreviousHash().equals(previousHash)) {
          return AuditVerification.broken(checked, entry.getSeq(), "entry " + entry.getSeq()
              + " does not follow its predecessor", awaitingSeal);
        }
        if (!entry.computeHash().equals(entry.getHash())) {
          return AuditVerification.broken(checked, entry.getSeq(), "entry " + entry.getSeq() + " was altered",
              awaitingSeal);
        }
        previousHash = entry.getHash();
        if (entry.getSeq() == head.lastSeq()) {
          hashAtHead = entry.getHash();
        }
        expectedSeq++;
        checked++;
      }
    } while (batch.size() == VERIFY_BATCH);
    if (checked < head.lastSeq() || !head.lastHash().equals(hashAtHead)) {
      return AuditVerification.broken(checked, checked + 1, "the chain ends at " + checked + " but the head says "
          + head.lastSeq() + ": entries were deleted", awaitingSeal);
    }
    return AuditVerification.intact(checked, awaitingSeal);
  }
}
