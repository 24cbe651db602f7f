package io.sopflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.support.DomainMigrations;
import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 896-backup-ad-hoc-running.xml on a database that has verifications running at the upgrade, among them two ad-hoc
 * ones of one set (the race the change closes may have started them): the migration must not fail on them, and the
 * newest of each set holds it afterwards. On H2 and on MariaDB (whose update needs its derived table).
 */
class BackupAdHocRunningMigrationTest {

  @Test
  void runningAdHocVerificationsMigrateWithTheNewestOfEachSetHoldingItOnH2() {
    DomainMigrations.onH2(BackupAdHocRunningMigrationTest::migratesWithTheNewestHoldingItsSet);
  }

  @Test
  void runningAdHocVerificationsMigrateWithTheNewestOfEachSetHoldingItOnMariaDb() {
    DomainMigrations.onMariaDb("sopflow_backup_migration",
        BackupAdHocRunningMigrationTest::migratesWithTheNewestHoldingItsSet);
  }

  private static void migratesWithTheNewestHoldingItsSet(DataSource dataSource, String timestamp) {
    DomainMigrations.migrate(dataSource, "600-backup.xml", timestamp);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    insert(jdbc, 1, "nightly", "AD_HOC", "RUNNING");
    insert(jdbc, 2, "nightly", "AD_HOC", "RUNNING");
    insert(jdbc, 3, "nightly", "AD_HOC", "PASSED");
    insert(jdbc, 4, "weekly", "SCHEDULED", "RUNNING");
    insert(jdbc, 5, "weekly", "AD_HOC", "RUNNING");
    insert(jdbc, 6, "monthly", "SCHEDULED", "RUNNING");

    DomainMigrations.migrate(dataSource, "896-backup-ad-hoc-running.xml", timestamp);

    Map<Long, String> holding = new TreeMap<>();
    jdbc.query("select id, ad_hoc_running_set from backup_verification",
        row -> { holding.put(row.getLong(1), row.getString(2)); });
    Map<Long, String> expected = new TreeMap<>();
    expected.put(1L, null);
    expected.put(2L, "nightly");
    expected.put(3L, null);
    expected.put(4L, null);
    expected.put(5L, "weekly");
    expected.put(6L, null);
    assertThat(holding).isEqualTo(expected);
    assertThatThrownBy(() -> jdbc.update("update backup_verification set ad_hoc_running_set = 'nightly' where id = 1"))
        .as("the index holds").isInstanceOf(DataIntegrityViolationException.class);
  }

  private static void insert(JdbcTemplate jdbc, long id, String set, String trigger, String status) {
    Timestamp at = Timestamp.valueOf("2031-01-01 03:00:00");
    jdbc.update("insert into backup_verification (id, verification_key, backup_set, verification_trigger, "
        + "requested_by, scheduled_for, status, owner_group, started_at, mismatch_count, row_version) "
        + "values (?, ?, ?, ?, 'l3', ?, ?, 'support-l3', ?, 0, 0)",
        id, String.format(BackupVerification.KEY_FORMAT, id), set, trigger,
        "SCHEDULED".equals(trigger) ? at : null, status, at);
  }
}
