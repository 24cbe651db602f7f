package io.sopflow.audit;

/** Result of walking the hash chain. */
public record AuditVerification(boolean intact, long entriesChecked, Long firstBadSeq, String problem) {

  static final String GENESIS = "0".repeat(64);

  static AuditVerification intact(long checked) {
    return new AuditVerification(true, checked, null, null);
  }

  static AuditVerification broken(long checked, long seq, String problem) {
    return new AuditVerification(false, checked, seq, problem);
  }
}
