package io.sopflow.audit;

/**
 * Result of walking the hash chain. {@code awaitingSeal}: entries committed but not chained yet (normally for under a
 * second, see {@link AuditTrail}); they are checked once sealed.
 */
public record AuditVerification(boolean intact, long entriesChecked, Long firstBadSeq, String problem,
    long awaitingSeal) {

  static final String GENESIS = "0".repeat(64);

  static AuditVerification intact(long checked, long awaitingSeal) {
    return new AuditVerification(true, checked, null, null, awaitingSeal);
  }

  static AuditVerification broken(long checked, long seq, String problem, long awaitingSeal) {
    return new AuditVerification(false, checked, seq, problem, awaitingSeal);
  }
}
