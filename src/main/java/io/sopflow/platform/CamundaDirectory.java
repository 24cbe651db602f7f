package io.sopflow.platform;

import io.sopflow.identity.Directory;
import io.sopflow.identity.DirectoryUser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.IdentityInfoEntity;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.stereotype.Component;

/**
 * {@link Directory} over Camunda's identity store. Look-ups run without authorization checks: they serve the SOPs
 * (finding an approver's e-mail address), not the person who happens to be logged in.
 *
 * <p>A locked account is the engine's own lock, the one a leaver's account gets ({@code access.AccountLocks}) and an
 * admin lifts with "Unlock user": failed attempts at {@code loginMaxAttempts}, which every password check refuses. The
 * user queries return the engine's user rows with that count, so leaving locked members out costs no query of its
 * own. Users of another identity store (an LDAP plugin's) are never locked here: their store decides who logs in.
 */
@Component
class CamundaDirectory implements Directory {

  private final IdentityService identityService;
  private final ManagementService managementService;
  private final ProcessEngineConfigurationImpl configuration;
  private volatile String reportsQuery;

  CamundaDirectory(IdentityService identityService, ManagementService managementService,
      ProcessEngine processEngine) {
    this.identityService = identityService;
    this.managementService = managementService;
    this.configuration = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
  }

  @Override
  public Optional<DirectoryUser> findUser(String userId) {
    return user(userId).map(CamundaDirectory::toDirectoryUser);
  }

  /** The lock is on the user row the look-up reads anyway: no query of its own. */
  @Override
  public Optional<DirectoryUser> reachableUser(String userId) {
    return user(userId).filter(user -> !isLocked(user)).map(CamundaDirectory::toDirectoryUser);
  }

  private Optional<User> user(String userId) {
    if (userId == null || userId.isBlank()) {
      return Optional.empty();
    }
    return privileged(() -> {
      User user = identityService.createUserQuery().userId(userId).singleResult();
      // Exactly this id: MySQL's id columns ignore trailing spaces, Java's equals (every four-eyes rule) does not.
      if (user == null || !user.getId().equals(userId)) {
        return Optional.<User>empty();
      }
      return Optional.of(user);
    });
  }

  @Override
  public boolean groupExists(String groupId) {
    return groupId != null && privileged(() -> {
      Group group = identityService.createGroupQuery().groupId(groupId).singleResult();
      return group != null && group.getId().equals(groupId);
    });
  }

  @Override
  public List<DirectoryUser> membersOf(String groupId) {
    return privileged(() -> identityService.createUserQuery().memberOfGroup(groupId).orderByUserId().asc().list()
        .stream().filter(user -> !isLocked(user)).map(CamundaDirectory::toDirectoryUser).toList());
  }

  @Override
  public Set<String> groupsOf(String userId) {
    return privileged(() -> identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(group -> group.getId()).collect(Collectors.toUnmodifiableSet()));
  }

  /** Up the line past locked managers; a line of locked managers that runs in a circle ends the walk. */
  @Override
  public Optional<String> managerOf(String userId) {
    return privileged(() -> {
      Set<String> passed = new HashSet<>();
      String manager = recordedManagerOf(userId);
      while (manager != null && isLocked(manager)) {
        if (!passed.add(manager)) {
          return Optional.<String>empty();
        }
        manager = recordedManagerOf(manager);
      }
      return Optional.ofNullable(manager);
    });
  }

  /**
   * The inverse of {@link #managerOf}: the users who name {@code managerId} as their line manager, and, through each
   * of those whose account is locked, the users who name that one (they reach {@code managerId} past it).
   */
  @Override
  public Set<String> reportsOf(String managerId) {
    if (managerId == null || managerId.isBlank()) {
      return Set.of();
    }
    return privileged(() -> {
      if (isLocked(managerId)) {
        return Set.<String>of();
      }
      Set<String> reports = new HashSet<>();
      Set<String> walked = new HashSet<>(Set.of(managerId));
      Deque<String> through = new ArrayDeque<>(walked);
      while (!through.isEmpty()) {
        for (User report : recordedReportsOf(through.pop())) {
          reports.add(report.getId());
          if (isLocked(report) && walked.add(report.getId())) {
            through.push(report.getId());
          }
        }
      }
      return Set.copyOf(reports);
    });
  }

  private String recordedManagerOf(String userId) {
    return identityService.getUserInfo(userId, MANAGER_INFO_KEY);
  }

  /**
   * A native query, because Camunda's user query cannot filter by user info: the users with a top-level
   * {@value Directory#MANAGER_INFO_KEY} entry (what {@code getUserInfo}, and so {@link #managerOf}, reads) naming
   * {@code managerId}. Table names come from the engine, so a configured table prefix is kept.
   */
  private List<User> recordedReportsOf(String managerId) {
    return identityService.createNativeUserQuery().sql(reportsQuery()).parameter("key", MANAGER_INFO_KEY)
        .parameter("manager", managerId).list();
  }

  private boolean isLocked(String userId) {
    User user = identityService.createUserQuery().userId(userId).singleResult();
    return user != null && user.getId().equals(userId) && isLocked(user);
  }

  private boolean isLocked(User user) {
    return user instanceof UserEntity entity && entity.getAttempts() >= configuration.getLoginMaxAttempts();
  }

  /** Built once, with the engine's table names (asking for them is an engine command that checks the caller). */
  private String reportsQuery() {
    String query = reportsQuery;
    if (query == null) {
      query = "SELECT U.* FROM " + managementService.getTableName(UserEntity.class) + " U WHERE U.ID_ IN ("
          + "SELECT I.USER_ID_ FROM " + managementService.getTableName(IdentityInfoEntity.class) + " I"
          + " WHERE I.KEY_ = #{key} AND I.VALUE_ = #{manager} AND I.PARENT_ID_ IS NULL)";
      reportsQuery = query;
    }
    return query;
  }

  @Override
  public boolean addMembership(String userId, String groupId) {
    return privileged(() -> {
      if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() > 0) {
        return false;
      }
      identityService.createMembership(userId, groupId);
      return true;
    });
  }

  @Override
  public boolean removeMembership(String userId, String groupId) {
    return privileged(() -> {
      if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
        return false;
      }
      identityService.deleteMembership(userId, groupId);
      return true;
    });
  }

  private static DirectoryUser toDirectoryUser(User user) {
    return new DirectoryUser(user.getId(), user.getFirstName(), user.getLastName(), user.getEmail());
  }

  private <T> T privileged(Supplier<T> work) {
    CommandContext commandContext = Context.getCommandContext();
    if (commandContext != null) {
      return commandContext.runWithoutAuthorization(work::get);
    }
    Authentication current = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return work.get();
    } finally {
      if (current != null) {
        identityService.setAuthentication(current);
      }
    }
  }
}
