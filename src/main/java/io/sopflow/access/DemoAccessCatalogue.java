package io.sopflow.access;

import io.sopflow.identity.Groups;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The demo catalogue: memberships of SOPFlow's own groups, provisioned for real in Camunda's identity store. Seeded
 * on every start of the demo profile, idempotently.
 */
@Component
@DependsOn("identitySetup")
@ConditionalOnProperty(name = "sopflow.demo.seed-users", havingValue = "true")
class DemoAccessCatalogue implements InitializingBean {

  private final AccessCatalogue catalogue;

  DemoAccessCatalogue(AccessCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  @Override
  public void afterPropertiesSet() {
    String group = IdentityGroupConnector.TYPE;
    catalogue.seedIfMissing(Groups.FINANCE, "Finance group membership", Groups.FINANCE, RiskLevel.HIGH,
        Duration.ofDays(90), group);
    catalogue.seedIfMissing(Groups.CHANGE_ADVISORY_BOARD, "Change advisory board membership", Groups.CHANGE_MANAGERS,
        RiskLevel.HIGH, Duration.ofDays(180), group);
    catalogue.seedIfMissing(Groups.SUPPORT_L2, "Second-level support membership", Groups.SUPPORT_L2, RiskLevel.MEDIUM,
        null, group);
    catalogue.seedIfMissing(Groups.SECURITY_OFFICERS, "Security officer membership", Groups.SECURITY_OFFICERS,
        RiskLevel.HIGH, Duration.ofDays(30), group);
    catalogue.seedIfMissing(Groups.RELEASE_MANAGERS, "Release manager membership", Groups.RELEASE_MANAGERS,
        RiskLevel.MEDIUM, Duration.ofDays(180), group);
  }
}
