package io.sopflow.delegation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The lock row of one person who delegates: locked ({@code SELECT ... FOR UPDATE}) while a new delegation of theirs is
 * checked for overlaps and recorded, so that two requests for the same person at once (a double submit, two nodes)
 * decide one after the other. An overlap of windows is no equality a unique index could refuse.
 */
@Entity
@Table(name = "delegation_delegator_lock")
class DelegatorLock {

  @Id
  @Column(length = 64)
  private String delegator;

  protected DelegatorLock() {}

  DelegatorLock(String delegator) {
    this.delegator = delegator;
  }
}
