package io.sopflow.platform.process;

import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.persistence.GenericManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A password is checked only for the user id exactly as stored. MySQL's and MariaDB's binary collations, which the
 * engine's id columns use, ignore trailing spaces: {@code "pm "} finds the user {@code pm}, and the engine's password
 * check then signed in a person as {@code "pm "} (HTTP Basic on both APIs, the webapps' login). Every four-eyes rule
 * compares ids as Java strings, to which {@code "pm "} is someone else: the project manager could accept his own
 * deliverables, a requester approve his own access. One check for every way in, at the identity store.
 */
@Component
class ExactUserIds extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(ExactUserIds.class);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getIdentityProviderSessionFactory() != null) {
      // Another plugin brought its own identity store (LDAP, say): it compares ids as that store does.
      log.warn("An identity provider other than the engine's database is configured; its user ids are used as given");
      return;
    }
    configuration.setIdentityProviderSessionFactory(new GenericManagerFactory(ExactIdIdentityProvider.class));
  }

  /** The engine's own identity store, with the password checked only for the exact id. */
  public static class ExactIdIdentityProvider extends DbIdentityServiceProvider {

    @Override
    public boolean checkPassword(String userId, String password) {
      // Read within this command: the engine's own check finds the user in the command's cache, no second query.
      User user = userId == null ? null : findUserById(userId);
      return user != null && user.getId().equals(userId) && super.checkPassword(userId, password);
    }
  }
}
