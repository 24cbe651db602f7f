package io.sopflow.platform;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile SOPFlow refuses to start with a missing admin password or with any account that still has
 * the demo password: a production system must never be reachable with a password printed in our README.
 */
@Component
@ConditionalOnProperty(name = "sopflow.demo.seed-users", havingValue = "false", matchIfMissing = true)
class DefaultPasswordGuard implements InitializingBean {

  private final IdentityService identityService;
  private final String adminId;
  private final String adminPassword;

  DefaultPasswordGuard(IdentityService identityService,
      @Value("${camunda.bpm.admin-user.id:admin}") String adminId,
      @Value("${camunda.bpm.admin-user.password:}") String adminPassword) {
    this.identityService = identityService;
    this.adminId = adminId;
    this.adminPassword = adminPassword;
  }

  @Override
  public void afterPropertiesSet() {
    if (adminPassword == null || adminPassword.isBlank()) {
      throw new IllegalStateException("SOPFlow will not start without an admin password: set SOPFLOW_ADMIN_PASSWORD "
          + "(or camunda.bpm.admin-user.password), or run the demo profile (--spring.profiles.active=demo).");
    }
    if (adminPassword.equals(DemoUsers.PASSWORD)) {
      throw new IllegalStateException("SOPFlow will not start with the demo password for '" + adminId + "' outside the "
          + "demo profile: set SOPFLOW_ADMIN_PASSWORD to a password of your own.");
    }
    List<String> withDemoPassword = new ArrayList<>();
    for (DemoUsers.DemoUser demo : DemoUsers.USERS) {
      if (identityService.checkPassword(demo.id(), DemoUsers.PASSWORD)) {
        withDemoPassword.add(demo.id());
      }
    }
    if (identityService.checkPassword(adminId, DemoUsers.PASSWORD)) {
      withDemoPassword.add(adminId);
    }
    if (!withDemoPassword.isEmpty()) {
      throw new IllegalStateException("SOPFlow will not start outside the demo profile while these users still have "
          + "the demo password: " + withDemoPassword + ". Change their passwords in Camunda Admin (or delete them).");
    }
  }
}
