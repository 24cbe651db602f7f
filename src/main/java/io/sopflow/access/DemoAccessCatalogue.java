package io.sopflow.access;

import io.sopflow.identity.Groups;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo catalogue: memberships of SOPFlow's own groups, provisioned for real in Camunda's identity store. Seeded
 * on every start of the demo profile, idempotently.
 */
@Component
@DependsOn("identitySetup")
@ConditionalOnProperty(name = "sopflow.demo.seed-users", havingValue = "true")
class DemoAccessCatalogue implements InitializingBean {

  private final AccessCatalogue catalogue;
  private final TransactionTemplate transaction;

  DemoAccessCatalogue(AccessCatalogue catalogue, PlatformTransactionManager transactionManager) {
    this.catalogue = catalogue;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** One transaction for the whole catalogue, not one per item (start-up cost, issue #24). */
  @Override
  public void afterPropertiesSet() {
    transaction.executeWithoutResult(status -> seed());
  }

  private void seed() {
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
