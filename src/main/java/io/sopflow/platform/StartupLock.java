package io.sopflow.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Serialises the start-up of SOPFlow nodes that share one MySQL/MariaDB database: a node holds the database's named
 * lock {@value #LOCK_NAME}{@code :<database>} from just before its schema migration until it is ready (migration, engine, groups and
 * authorizations, model deployment, demo users). Several nodes started at the same moment on an empty database would
 * otherwise race in Liquibase, whose own lock does not cover the creation of its tables nor a history read before the
 * lock (liquibase/liquibase#2315, #4698: "Table 'ACT_GE_PROPERTY' already exists", seen in TwoNodeClusterTest), and in
 * the idempotent but unlocked identity set-up. The lock is per database session, so it is released when this node's
 * connection closes, also if the node dies while starting. Embedded H2 (one node by definition) needs none.
 */
@Component
class StartupLock implements BeanPostProcessor, SmartApplicationListener {

  static final String LOCK_NAME = "sopflow_startup";
  private static final String LOCK_EXPRESSION = "LEFT(CONCAT('" + LOCK_NAME + ":', DATABASE()), 64)";
  static final int WAIT_SECONDS = 900;

  private static final Logger log = LoggerFactory.getLogger(StartupLock.class);

  private final ObjectProvider<DataSource> dataSource;
  private Connection holder;

  StartupLock(ObjectProvider<DataSource> dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof SpringLiquibase) {
      acquire();
    }
    return bean;
  }

  @Override
  public boolean supportsEventType(Class<? extends org.springframework.context.ApplicationEvent> eventType) {
    return ApplicationReadyEvent.class.isAssignableFrom(eventType) || ContextClosedEvent.class.isAssignableFrom(eventType);
  }

  @Override
  public void onApplicationEvent(org.springframework.context.ApplicationEvent event) {
    release();
  }

  private synchronized void acquire() {
    if (holder != null) {
      return;
    }
    try {
      Connection connection = dataSource.getObject().getConnection();
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
      if (!product.contains("mysql") && !product.contains("mariadb")) {
        connection.close();
        return;
      }
      long started = System.currentTimeMillis();
      // Named locks are server-wide: one per database, so SOPFlows on other databases of the server do not wait.
      try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(" + LOCK_EXPRESSION + ", ?)")) {
        lock.setInt(1, WAIT_SECONDS);
        try (ResultSet result = lock.executeQuery()) {
          if (!result.next() || result.getInt(1) != 1) {
            connection.close();
            throw new IllegalStateException("Another SOPFlow node has held the start-up lock '" + LOCK_NAME
                + "' for " + WAIT_SECONDS + " s; is one stuck while starting?");
          }
        }
      }
      holder = connection;
      long waited = System.currentTimeMillis() - started;
      if (waited > 1000) {
        log.info("Waited {} ms for another node to finish starting", waited);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not take the start-up lock '" + LOCK_NAME + "'", e);
    }
  }

  private synchronized void release() {
    if (holder == null) {
      return;
    }
    try (Connection connection = holder;
        PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(" + LOCK_EXPRESSION + ")")) {
      unlock.execute();
    } catch (SQLException e) {
      log.warn("Could not release the start-up lock (it goes with the connection): {}", e.getMessage());
    } finally {
      holder = null;
    }
  }

  /** For tests: whether this node holds the lock right now. */
  synchronized boolean held() {
    return holder != null;
  }
}
