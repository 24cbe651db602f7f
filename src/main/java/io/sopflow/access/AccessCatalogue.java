package io.sopflow.access;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.RecordNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The catalogue of requestable resources: who owns each, how risky it is, how long it may be granted. */
@Service
@Transactional
public class AccessCatalogue {

  static final String SUBJECT_TYPE = "AccessResource";

  private final AccessResourceRepository resources;
  private final AccessConnectors connectors;
  private final Directory directory;
  private final CurrentUser currentUser;
  private final AuditTrail auditTrail;
  private final Clock clock;

  AccessCatalogue(AccessResourceRepository resources, AccessConnectors connectors, Directory directory,
      CurrentUser currentUser, AuditTrail auditTrail, Clock clock) {
    this.resources = resources;
    this.connectors = connectors;
    this.directory = directory;
    this.currentUser = currentUser;
    this.auditTrail = auditTrail;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public List<AccessResourceView> list() {
    return resources.findAllByOrderByResourceKeyAsc().stream().map(AccessResourceView::of).toList();
  }

  @Transactional(readOnly = true)
  public AccessResourceView get(String key) {
    return AccessResourceView.of(require(key));
  }

  public AccessResourceView create(AccessResourceInput input) {
    if (input.key() == null || input.key().isBlank()) {
      throw new InvalidRequestException("key", "must not be blank");
    }
    if (resources.existsByResourceKey(input.key())) {
      throw new ConflictException("Access resource " + input.key() + " already exists");
    }
    Duration max = checked(input);
    AccessResource resource = resources.save(new AccessResource(input.key(), input.name().strip(), input.ownerGroup(),
        input.riskLevel(), max, input.connectorType(), clock.instant()));
    auditTrail.record(AuditEvent.of(currentUser.idOr(AuditEvent.SYSTEM), "CREATED", SUBJECT_TYPE,
        resource.getResourceKey(), describe(resource)));
    return AccessResourceView.of(resource);
  }

  public AccessResourceView update(String key, AccessResourceInput input) {
    AccessResource resource = require(key);
    if (input.key() != null && !input.key().equals(key)) {
      throw new InvalidRequestException("key", "cannot be changed");
    }
    Duration max = checked(input);
    resource.update(input.name().strip(), input.ownerGroup(), input.riskLevel(), max, input.connectorType(),
        clock.instant());
    auditTrail.record(AuditEvent.of(currentUser.idOr(AuditEvent.SYSTEM), "UPDATED", SUBJECT_TYPE, key,
        describe(resource)));
    return AccessResourceView.of(resource);
  }

  /** The demo catalogue; adds what is missing and leaves what exists (an admin may have changed it). */
  public void seedIfMissing(String key, String name, String ownerGroup, RiskLevel risk, Duration max, String connectorType) {
    if (!resources.existsByResourceKey(key)) {
      AccessResource resource = resources.save(new AccessResource(key, name, ownerGroup, risk, max, connectorType,
          clock.instant()));
      auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "CREATED", SUBJECT_TYPE, key, describe(resource)));
    }
  }

  AccessResource require(String key) {
    return resources.findByResourceKey(key).orElseThrow(() -> new RecordNotFoundException("Access resource", key));
  }

  java.util.Optional<AccessResource> find(String key) {
    return key == null ? java.util.Optional.empty() : resources.findByResourceKey(key);
  }

  private Duration checked(AccessResourceInput input) {
    if (!directory.groupExists(input.ownerGroup())) {
      throw new InvalidRequestException("ownerGroup", "is not a known group");
    }
    if (connectors.find(input.connectorType()).isEmpty()) {
      throw new InvalidRequestException("connectorType", "is not one of " + connectors.types());
    }
    if (input.maxGrantDuration() == null || input.maxGrantDuration().isBlank()) {
      return null;
    }
    try {
      Duration max = Duration.parse(input.maxGrantDuration());
      if (max.isNegative() || max.isZero()) {
        throw new InvalidRequestException("maxGrantDuration", "must be positive");
      }
      return max;
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("maxGrantDuration", "must be an ISO-8601 duration such as P90D");
    }
  }

  private static String describe(AccessResource r) {
    return "name=" + r.getName() + ", owner=" + r.getOwnerGroup() + ", risk=" + r.getRiskLevel() + ", max="
        + r.maxGrantDuration().map(Object::toString).orElse("none") + ", connector=" + r.getConnectorType();
  }
}
