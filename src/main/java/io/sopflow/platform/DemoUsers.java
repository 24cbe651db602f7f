package io.sopflow.platform;

import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo profile's users (DESIGN.md), all with the password {@value #PASSWORD}, an e-mail address and {@code manager}
 * as line manager. Never active outside the demo profile: {@link DefaultPasswordGuard} refuses to start if any of them
 * still has the demo password there.
 *
 * <p>Start-up cost (issue #24): one transaction, and one query for which users exist, not one transaction per user and
 * step.
 */
@Component
@DependsOn("identitySetup")
@ConditionalOnProperty(name = "sopflow.demo.seed-users", havingValue = "true")
class DemoUsers implements InitializingBean {

  static final String PASSWORD = "demo";
  static final String LINE_MANAGER = "manager";

  record DemoUser(String id, String firstName, String lastName, List<String> groups) {}

  static final List<DemoUser> USERS = List.of(
      new DemoUser("desk", "Dana", "Desk", List.of(Groups.SERVICE_DESK)),
      new DemoUser("l2", "Lee", "Second", List.of(Groups.SUPPORT_L2)),
      new DemoUser("l3", "Lou", "Third", List.of(Groups.SUPPORT_L3)),
      new DemoUser("incman", "Ines", "Incident", List.of(Groups.INCIDENT_MANAGERS)),
      new DemoUser("owner", "Olga", "Owner", List.of(Groups.PROCESS_OWNERS)),
      // SOP governance (issue 22): a second process owner approves what the first deployed (four-eyes).
      new DemoUser("owner2", "Oscar", "Owner", List.of(Groups.PROCESS_OWNERS)),
      new DemoUser("manager", "Max", "Manager", List.of(Groups.MANAGERS)),
      new DemoUser("chgman", "Chris", "Change", List.of(Groups.CHANGE_MANAGERS)),
      new DemoUser("cab1", "Cara", "Board", List.of(Groups.CHANGE_ADVISORY_BOARD)),
      new DemoUser("cab2", "Cole", "Board", List.of(Groups.CHANGE_ADVISORY_BOARD)),
      new DemoUser("cab3", "Cleo", "Board", List.of(Groups.CHANGE_ADVISORY_BOARD)),
      new DemoUser("secoff", "Sam", "Security", List.of(Groups.SECURITY_OFFICERS)),
      new DemoUser("relman", "Remy", "Release", List.of(Groups.RELEASE_MANAGERS)),
      new DemoUser("pm", "Pat", "Project", List.of(Groups.PROJECT_MANAGERS)),
      new DemoUser("fin", "Fran", "Finance", List.of(Groups.FINANCE)),
      new DemoUser("probman", "Paula", "Problem", List.of(Groups.PROBLEM_MANAGERS)),
      new DemoUser("dpo", "Dora", "Privacy", List.of(Groups.DATA_PROTECTION_OFFICERS)));

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  private final IdentityService identityService;
  private final TransactionTemplate transaction;

  DemoUsers(IdentityService identityService, PlatformTransactionManager transactionManager) {
    this.identityService = identityService;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  @Override
  public void afterPropertiesSet() {
    transaction.executeWithoutResult(status -> seed());
  }

  private void seed() {
    Set<String> existing = identityService.createUserQuery()
        .userIdIn(USERS.stream().map(DemoUser::id).toArray(String[]::new)).list().stream()
        .map(User::getId).collect(Collectors.toSet());
    for (DemoUser demo : USERS) {
      if (!existing.contains(demo.id())) {
        User user = identityService.newUser(demo.id());
        user.setFirstName(demo.firstName());
        user.setLastName(demo.lastName());
        user.setEmail(demo.id() + "@sopflow.local");
        user.setPassword(PASSWORD);
        identityService.saveUser(user);
        for (String group : demo.groups()) {
          identityService.createMembership(demo.id(), group);
        }
        log.info("Seeded demo user {}", demo.id());
      }
      if (!demo.id().equals(LINE_MANAGER) && identityService.getUserInfo(demo.id(), Directory.MANAGER_INFO_KEY) == null) {
        identityService.setUserInfo(demo.id(), Directory.MANAGER_INFO_KEY, LINE_MANAGER);
      }
    }
    if (identityService.getUserInfo("admin", Directory.MANAGER_INFO_KEY) == null
        && identityService.createUserQuery().userId("admin").count() > 0) {
      identityService.setUserInfo("admin", Directory.MANAGER_INFO_KEY, LINE_MANAGER);
    }
  }
}
