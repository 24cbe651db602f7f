package io.sopflow.support;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End-to-end tests as in {@link IntegrationTestBase}, on a throw-away database of the MariaDB at 127.0.0.1:3306
 * ({@link MariaDbDatabase}: skipped where none runs, failed in CI) with the {@code mysql} profile production uses for
 * MySQL 8. Each class gets a context of its own, closed and its database dropped after it.
 */
@ActiveProfiles({"test", "mysql"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class MariaDbIntegrationTestBase extends IntegrationTestBase {

  private static MariaDbDatabase database;

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    database = MariaDbDatabase.createFor(registry, "sopflow_it");
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
  }
}
