package io.sopflow.delegation;

import io.sopflow.domain.ConflictException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A person's tasks offered to another person for a window: SCHEDULED, then ACTIVE from {@code validFrom} (the tasks
 * waiting for the delegator by name are offered to the delegate), ENDED at {@code validUntil} or earlier (withdrawn):
 * ended by hand, or because the delegate left ({@code endReason}).
 * The version column makes each transition happen once across nodes: a second node moving the same delegation fails
 * its optimistic lock and rolls back, with the engine's task changes of the same transaction.
 */
@Entity
@Table(name = "delegation")
public class Delegation {

  static final String KEY_FORMAT = "DLG-%06d";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "delegation_key", length = 20, unique = true)
  private String delegationKey;

  @Column(nullable = false, length = 64, updatable = false)
  private String delegator;

  @Column(nullable = false, length = 64, updatable = false)
  private String delegate;

  /** The delegator's line manager when the delegation was made: they see it, and may end it. */
  @Column(name = "delegator_manager", length = 64, updatable = false)
  private String delegatorManager;

  @Column(name = "valid_from", nullable = false, updatable = false)
  private Instant validFrom;

  @Column(name = "valid_until", nullable = false, updatable = false)
  private Instant validUntil;

  /** The group scope, comma-separated; empty: every task offered to the delegator by name. */
  @Column(name = "scope_groups", length = 1000, updatable = false)
  private String scopeGroups;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private DelegationStatus status;

  @Column(name = "created_by", nullable = false, length = 64, updatable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "ended_by", length = 64)
  private String endedBy;

  /** Why it ended before its window when nobody ended it by hand (the delegate left); null otherwise. */
  @Column(name = "end_reason", length = 200)
  private String endReason;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected Delegation() {}

  Delegation(String delegator, String delegate, String delegatorManager, Instant validFrom, Instant validUntil,
      Collection<String> groups, String createdBy, Instant now) {
    if (delegator.equals(delegate)) {
      throw new IllegalArgumentException("A person does not delegate to themselves");
    }
    if (!validUntil.isAfter(validFrom)) {
      throw new IllegalArgumentException("A delegation ends after it starts");
    }
    this.delegator = delegator;
    this.delegate = delegate;
    this.delegatorManager = delegatorManager;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.scopeGroups = groups.isEmpty() ? null : String.join(",", groups);
    this.status = DelegationStatus.SCHEDULED;
    this.createdBy = createdBy;
    this.createdAt = now;
  }

  @PostPersist
  void assignKey() {
    if (delegationKey == null) {
      delegationKey = String.format(KEY_FORMAT, id);
    }
  }

  /** The window has come: tasks are offered from now on. */
  void start(Instant now) {
    if (status != DelegationStatus.SCHEDULED) {
      throw new ConflictException(delegationKey + " is " + status + ", not SCHEDULED");
    }
    status = DelegationStatus.ACTIVE;
    startedAt = now;
  }

  /** The window is over, or someone ended it early. Returns whether it had started (tasks were offered). */
  boolean end(Instant now, String by) {
    if (status == DelegationStatus.ENDED) {
      throw new ConflictException(delegationKey + " has already ended");
    }
    boolean wasActive = status == DelegationStatus.ACTIVE;
    status = DelegationStatus.ENDED;
    endedAt = now;
    endedBy = by;
    return wasActive;
  }

  /** {@link #end} for a reason the record keeps: the delegate left, so nobody stands in any more. */
  boolean end(Instant now, String by, String reason) {
    boolean wasActive = end(now, by);
    endReason = reason;
    return wasActive;
  }

  /** Whether the delegation covers a task of this group scope: no scope covers all, else one group in common. */
  boolean covers(Collection<String> taskScope) {
    List<String> groups = getGroups();
    return groups.isEmpty() || taskScope.stream().anyMatch(groups::contains);
  }

  boolean concerns(String userId) {
    return userId.equals(delegator) || userId.equals(delegate) || userId.equals(delegatorManager);
  }

  public List<String> getGroups() {
    return scopeGroups == null ? List.of() : Arrays.asList(scopeGroups.split(","));
  }

  public Long getId() { return id; }
  public String getDelegationKey() { return delegationKey; }
  public String getDelegator() { return delegator; }
  public String getDelegate() { return delegate; }
  public String getDelegatorManager() { return delegatorManager; }
  public Instant getValidFrom() { return validFrom; }
  public Instant getValidUntil() { return validUntil; }
  public DelegationStatus getStatus() { return status; }
  public String getCreatedBy() { return createdBy; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getStartedAt() { return startedAt; }
  public Instant getEndedAt() { return endedAt; }
  public String getEndedBy() { return endedBy; }
  public String getEndReason() { return endReason; }
}
