package io.sopflow.access;

/** A catalogue entry as the API shows it. */
public record AccessResourceView(String key, String name, String ownerGroup, RiskLevel riskLevel,
    String maxGrantDuration, String connectorType) {

  static AccessResourceView of(AccessResource resource) {
    return new AccessResourceView(resource.getResourceKey(), resource.getName(), resource.getOwnerGroup(),
        resource.getRiskLevel(), resource.maxGrantDuration().map(Object::toString).orElse(null),
        resource.getConnectorType());
  }
}
