package io.sopflow.notification;

import io.sopflow.support.MariaDbDatabase;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same outbox tests on a MySQL-protocol server (MariaDB here, MySQL 8 in production): the claim's conditional
 * update, InnoDB's row locks under READ COMMITTED and DATETIME(6) leases must behave as on H2.
 */
@ActiveProfiles({"test", "mysql"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NotificationOutboxMariaDbIntegrationTest extends NotificationOutboxIntegrationTest {

  private static MariaDbDatabase database;

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    database = MariaDbDatabase.createFor(registry, "sopflow_outbox");
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }
}
