package io.sopflow.support;

import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Tests of one domain change log on data that exists at the upgrade: each runs on H2 and on MariaDB, with the
 * change logs before it applied one by one ({@link #migrate}) rather than the whole master.
 */
public final class DomainMigrations {

  private static final String DOMAIN = "classpath:db/changelog/domain/";

  /** Runs {@code check} on a fresh in-memory H2 database (with the change logs' H2 timestamp type), then drops it. */
  public static void onH2(BiConsumer<DataSource, String> check) {
    DriverManagerDataSource h2 = new DriverManagerDataSource(
        "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    try {
      check.accept(h2, "TIMESTAMP(6)");
    } finally {
      new JdbcTemplate(h2).execute("SHUTDOWN");
    }
  }

  /** Runs {@code check} on a fresh MariaDB database (with the MySQL timestamp type), then drops it. */
  public static void onMariaDb(String prefix, BiConsumer<DataSource, String> check) {
    try (MariaDbDatabase mariaDb = MariaDbDatabase.create(prefix)) {
      check.accept(new DriverManagerDataSource(mariaDb.jdbcUrl(), "root", ""), "DATETIME(6)");
    }
  }

  /** Applies one change log of {@code db/changelog/domain/}, as the master would. */
  public static void migrate(DataSource dataSource, String changeLog, String timestamp) {
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(dataSource);
    liquibase.setChangeLog(DOMAIN + changeLog);
    liquibase.setChangeLogParameters(Map.of("timestamp", timestamp));
    liquibase.setResourceLoader(new DefaultResourceLoader());
    liquibase.setAnalyticsEnabled(false);
    try {
      liquibase.afterPropertiesSet();
    } catch (Exception e) {
      throw new IllegalStateException("Liquibase failed on " + changeLog, e);
    }
  }

  private DomainMigrations() {}
}
