package io.sopflow.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The lock row of one beneficiary ({@link BeneficiaryLocks}): locked while a request of theirs is submitted, checked
 * before provisioning, or its right removed, so that two transactions (on one node or two) that would each see the
 * other's request only once committed decide one after the other.
 */
@Entity
@Table(name = "access_beneficiary_lock")
class BeneficiaryLock {

  @Id
  @Column(length = 64)
  private String beneficiary;

  protected BeneficiaryLock() {}

  BeneficiaryLock(String beneficiary) {
    this.beneficiary = beneficiary;
  }

  String getBeneficiary() { return beneficiary; }
}
