package io.sopflow.platform;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A person completing a task must not get an error because a background job (a mail sent on a parallel branch, a
 * non-interrupting SLA timer) touched the same process instance at the same moment. The engine detects that race with
 * optimistic locking and rolls back the loser; when the loser is a task completion from Tasklist or the REST API, it is
 * tried again here, in a fresh transaction, a few times. Jobs need no such help: the job executor retries them.
 *
 * <p>Only top-level commands are retried: inside a transaction someone else owns, a retry would be wrong.
 */
@Component
class PersonCommandRetry extends AbstractProcessEnginePlugin {

  static final int ATTEMPTS = 4;

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(0, new RetryInterceptor());
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  static final class RetryInterceptor extends CommandInterceptor {

    private static final Logger log = LoggerFactory.getLogger(PersonCommandRetry.class);

    @Override
    public <T> T execute(Command<T> command) {
      if (!isPersonsCommand(command) || TransactionSynchronizationManager.isActualTransactionActive()) {
        return next.execute(command);
      }
      for (int attempt = 1; ; attempt++) {
        try {
          return next.execute(command);
        } catch (OptimisticLockingException e) {
          if (attempt >= ATTEMPTS) {
            throw e;
          }
          log.info("Task completion met a concurrent update (attempt {} of {}); trying again", attempt, ATTEMPTS);
          pause(attempt);
        }
      }
    }

    private static boolean isPersonsCommand(Command<?> command) {
      return command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd;
    }

    private static void pause(int attempt) {
      try {
        Thread.sleep(50L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while retrying a task completion", e);
      }
    }
  }
}
