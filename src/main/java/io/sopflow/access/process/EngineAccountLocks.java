package io.sopflow.access.process;

import io.sopflow.access.AccountLocks;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.stereotype.Component;

/**
 * {@link AccountLocks} on Camunda's own lock: the engine refuses every password check
 * ({@code IdentityService.checkPassword}, which Tasklist's log-in and SOPFlow's HTTP Basic both call) of a user whose
 * failed attempts reached {@code loginMaxAttempts}: the "permanently locked" state that only an admin's
 * {@code unlockUser} lifts. Setting that state is what the engine itself does after too many wrong passwords; the lock
 * is written in the caller's transaction, so a leaver request that fails locks nobody.
 */
@Component
class EngineAccountLocks implements AccountLocks {

  private final ProcessEngineConfigurationImpl configuration;

  EngineAccountLocks(ProcessEngine processEngine) {
    this.configuration = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
  }

  @Override
  public void lock(String userId) {
    configuration.getCommandExecutorTxRequired().execute((Command<Void>) commandContext -> {
      UserEntity user = commandContext.getDbEntityManager().selectById(UserEntity.class, userId);
      if (user == null) {
        throw new IllegalStateException("No user " + userId + " in the identity store");
      }
      int maxAttempts = configuration.getLoginMaxAttempts();
      if (user.getAttempts() < maxAttempts) {
        commandContext.getIdentityInfoManager().updateUserLock(user, maxAttempts, null);
      }
      return null;
    });
  }

  @Override
  public void unlock(String userId) {
    configuration.getCommandExecutorTxRequired().execute((Command<Void>) commandContext -> {
      UserEntity user = commandContext.getDbEntityManager().selectById(UserEntity.class, userId);
      if (user == null) {
        throw new IllegalStateException("No user " + userId + " in the identity store");
      }
      if (user.getAttempts() > 0 || user.getLockExpirationTime() != null) {
        commandContext.getIdentityInfoManager().updateUserLock(user, 0, null);
      }
      return null;
    });
  }

  @Override
  public boolean isLocked(String userId) {
    return configuration.getCommandExecutorTxRequired().execute(commandContext -> {
      UserEntity user = commandContext.getDbEntityManager().selectById(UserEntity.class, userId);
      return user != null && user.getAttempts() >= configuration.getLoginMaxAttempts();
    });
  }
}
