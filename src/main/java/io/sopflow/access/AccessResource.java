package io.sopflow.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A right that can be requested: a group in our identity store, or anything a connector reaches. */
@Entity
@Table(name = "access_resource")
public class AccessResource {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Version
  private long version;

  @Column(name = "resource_key", nullable = false, unique = true, updatable = false, length = 64)
  private String resourceKey;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(name = "owner_group", nullable = false, length = 64)
  private String ownerGroup;

  @Enumerated(EnumType.STRING)
  @Column(name = "risk_level", nullable = false, length = 16)
  private RiskLevel riskLevel;

  /** ISO-8601 duration; null = no maximum. */
  @Column(name = "max_grant_duration", length = 32)
  private String maxGrantDuration;

  @Column(name = "connector_type", nullable = false, length = 64)
  private String connectorType;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected AccessResource() {}

  AccessResource(String resourceKey, String name, String ownerGroup, RiskLevel riskLevel, Duration maxGrantDuration,
      String connectorType, Instant now) {
    this.resourceKey = resourceKey;
    this.createdAt = now;
    update(name, ownerGroup, riskLevel, maxGrantDuration, connectorType, now);
  }

  void update(String name, String ownerGroup, RiskLevel riskLevel, Duration maxGrantDuration, String connectorType,
      Instant now) {
    if (maxGrantDuration != null && (maxGrantDuration.isNegative() || maxGrantDuration.isZero())) {
      throw new IllegalArgumentException("maximum grant duration must be positive");
    }
    this.name = name;
    this.ownerGroup = ownerGroup;
    this.riskLevel = riskLevel;
    this.maxGrantDuration = maxGrantDuration == null ? null : maxGrantDuration.toString();
    this.connectorType = connectorType;
    this.updatedAt = now;
  }

  public Long getId() { return id; }
  public String getResourceKey() { return resourceKey; }
  public String getName() { return name; }
  public String getOwnerGroup() { return ownerGroup; }
  public RiskLevel getRiskLevel() { return riskLevel; }
  public String getConnectorType() { return connectorType; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getUpdatedAt() { return updatedAt; }

  public Optional<Duration> maxGrantDuration() {
    return Optional.ofNullable(maxGrantDuration).map(Duration::parse);
  }
}
