package io.sopflow.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A throw-away database on the MariaDB at 127.0.0.1:3306 (root, no password), created by a test and dropped after it.
 * In CI ({@code CI=true}) an unreachable server fails the test; elsewhere the test is skipped with a message saying so.
 */
public final class MariaDbDatabase implements AutoCloseable {

  public static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
  public static final String OPTIONS =
      "?sendFractionalSeconds=false&nullCatalogMeansCurrent=true&useUnicode=true&characterEncoding=UTF-8"
          + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";

  private final String name;

  private MariaDbDatabase(String name) {
    this.name = name;
  }

  /** Creates a fresh database as docker-compose.yml and docs/operations.md make it, or skips/fails as described above. */
  /**
   * Creates the database and points a Spring test context at it (data source, MariaDB dialect), for a
   * {@code @DynamicPropertySource} of a class that cannot extend {@link MariaDbIntegrationTestBase}.
   */
  public static MariaDbDatabase createFor(DynamicPropertyRegistry registry, String prefix) {
    MariaDbDatabase database = create(prefix);
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", () -> "root");
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.jpa.properties.hibernate.dialect", () -> "org.hibernate.dialect.MariaDBDialect");
    return database;
  }

  public static MariaDbDatabase create(String prefix) {
    return create(prefix, "utf8mb4_bin");
  }

  /** The same with another collation, e.g. a case-insensitive one like MySQL 8's default. */
  public static MariaDbDatabase create(String prefix, String collation) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "")) {
      c.createStatement().execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE " + collation);
    } catch (SQLException e) {
      String message = "MariaDB/MySQL is not reachable at 127.0.0.1:3306 as root (" + e.getMessage() + "); "
          + "start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message, e);
      }
      Assumptions.abort(message);
    }
    return new MariaDbDatabase(name);
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return SERVER + name + OPTIONS;
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "")) {
      c.createStatement().execute("SET SESSION lock_wait_timeout = 30");
      c.createStatement().execute("DROP DATABASE IF EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop test database " + name, e);
    }
  }
}
