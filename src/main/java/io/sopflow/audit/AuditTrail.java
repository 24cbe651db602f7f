package io.sopflow.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit trail: every decision of every SOP, append-only and hash-chained. An entry exists exactly when the decision
 * it records was committed: {@link #record} joins the caller's transaction, and the entries are appended to the chain
 * just before that transaction commits.
 *
 * <p>Appending means locking the one {@code audit_chain_head} row, which serializes every audited transaction of the
 * whole cluster. The lock is therefore taken as late as possible, in {@code beforeCommit}: by then the engine has
 * flushed its command (its command context closes inside Spring's transaction, before the commit), so the lock is held
 * for a few inserts and the commit, not for the rest of the engine command. (Taken in {@code record}, it was held
 * through the process start or the whole task completion and capped SOPFlow at about three incident lifecycles per
 * second whatever the concurrency: docs/benchmarks.md.) The head is always the last lock a transaction takes, so it
 * cannot be part of a deadlock cycle.
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

  /** Records a decision in the caller's transaction; the entry is chained when, and only if, that transaction commits. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(AuditEvent event) {
    pendingAppend().add(event, clock.instant());
  }

  private PendingAppend pendingAppend() {
    for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
      if (synchronization instanceof PendingAppend pending && pending.trail() == this) {
        return pending;
      }
    }
    PendingAppend pending = new PendingAppend(this);
    TransactionSynchronizationManager.registerSynchronization(pending);
    return pending;
  }

  /** Appends the transaction's entries to the chain under the head's row lock, in the order they were recorded. */
  private void append(List<Recorded> recorded) {
    AuditChainHead head = heads.lockHead(AuditChainHead.ID)
        .orElseThrow(() -> new IllegalStateException("audit_chain_head row is missing"));
    for (Recorded r : recorded) {
      AuditEntry entry = new AuditEntry(head.lastSeq() + 1, r.at(), r.event(), head.lastHash());
      head.advance(entry);
      entries.save(entry);
    }
    heads.flush();
  }

  private record Recorded(AuditEvent event, Instant at) {}

  /**
   * The entries one transaction recorded. A synchronization, not a bound resource: Spring suspends synchronizations
   * with their transaction, so an inner REQUIRES_NEW transaction gets its own list and commits its own entries.
   */
  private static final class PendingAppend implements TransactionSynchronization {

    private final AuditTrail trail;
    private final List<Recorded> recorded = new ArrayList<>();

    PendingAppend(AuditTrail trail) {
      this.trail = trail;
    }

    AuditTrail trail() {
      return trail;
    }

    void add(AuditEvent event, Instant at) {
      recorded.add(new Recorded(event, at));
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      if (!recorded.isEmpty()) {
        trail.append(recorded);
      }
    }

    @Override
    public int getOrder() {
      // after every other beforeCommit work, so the lock is taken last
      return Ordered.LOWEST_PRECEDENCE;
    }
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
