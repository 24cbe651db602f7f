package io.sopflow.request;

import io.sopflow.access.AccessCatalogue;
import io.sopflow.access.RiskLevel;
import io.sopflow.identity.Groups;
import io.sopflow.request.ServiceRequestApi.CatalogueItemInput;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo service catalogue: five items, seeded on every start of the demo profile, idempotently (a process owner's
 * change stays). VPN access is granted through the access SOP (resource {@value #VPN_RESOURCE}, membership of the
 * group of that name), which does its own approvals; the other items are fulfilled by a support group.
 */
@Component
@DependsOn({"identitySetup", "demoAccessCatalogue"})
@ConditionalOnProperty(name = "sopflow.demo.seed-users", havingValue = "true")
class DemoServiceCatalogue implements InitializingBean {

  static final String VPN_RESOURCE = Groups.VPN_USERS;

  private final ServiceCatalogue catalogue;
  private final AccessCatalogue accessCatalogue;
  private final TransactionTemplate transaction;

  DemoServiceCatalogue(ServiceCatalogue catalogue, AccessCatalogue accessCatalogue,
      PlatformTransactionManager transactionManager) {
    this.catalogue = catalogue;
    this.accessCatalogue = accessCatalogue;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** One transaction for the whole catalogue, not one per item (start-up cost, issue #24). */
  @Override
  public void afterPropertiesSet() {
    transaction.executeWithoutResult(status -> seed());
  }

  private void seed() {
    accessCatalogue.seedIfMissing(VPN_RESOURCE, "VPN access", Groups.SUPPORT_L2, RiskLevel.LOW, Duration.ofDays(365),
        "identity-group");
    seed("laptop", "Laptop", "A standard or developer laptop, imaged and asset-tagged.", Approval.MANAGER,
        Groups.SERVICE_DESK, Groups.SERVICE_DESK, "P5D", List.of("model", "deliveryAddress"),
        List.of("Asset tagged", "Image installed", "Handed over"), null);
    seed("software-licence", "Software licence", "A licence for a commercial application.",
        Approval.MANAGER_AND_OWNER, Groups.FINANCE, Groups.SUPPORT_L2, "P2D", List.of("software"),
        List.of("Licence assigned", "Installed or activated"), null);
    seed("shared-mailbox", "Shared mailbox", "A shared mailbox with its members.", Approval.MANAGER,
        Groups.SERVICE_DESK, Groups.SUPPORT_L2, "P3D", List.of("mailboxAddress", "members"),
        List.of("Mailbox created", "Members added"), null);
    seed("vpn-access", "VPN access", "Remote access through the company VPN; approved and granted by the access "
        + "SOP (line manager, then the resource owner).", Approval.NONE, Groups.SUPPORT_L2, Groups.SUPPORT_L2, "P2D",
        List.of(), List.of(), VPN_RESOURCE);
    seed("new-starter-pack", "New-starter pack", "Laptop, accounts, badge and phone for a new colleague.",
        Approval.MANAGER_AND_OWNER, Groups.SERVICE_DESK, Groups.SERVICE_DESK, "P5D", List.of("starterName", "startDate"),
        List.of("Accounts created", "Laptop prepared", "Badge ordered", "Phone prepared"), null);
  }

  private void seed(String key, String name, String description, Approval approval, String ownerGroup,
      String fulfilmentGroup, String target, List<String> required, List<String> checklist, String access) {
    catalogue.seedIfMissing(key, new CatalogueItemInput(key, name, description, approval, ownerGroup, fulfilmentGroup,
        target, ServiceCatalogue.DEFAULT_CALENDAR, required, checklist, access));
  }
}
