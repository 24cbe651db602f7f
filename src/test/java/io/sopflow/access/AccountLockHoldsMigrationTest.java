package io.sopflow.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.DomainMigrations;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 898-account-lock-holds.xml on a database with locks that exist at the upgrade: the security incidents that locked an
 * account and did not unlock it yet hold it, and so does the leaver SOP for every leaver whose account is locked now
 * (not for a leaver an administrator has unlocked since). On H2 and on MariaDB.
 */
class AccountLockHoldsMigrationTest {

  private static final Timestamp AT = Timestamp.valueOf("2031-01-01 03:00:00");

  @Test
  void theLocksOfIncidentsAndLeaversAtTheUpgradeGetTheirHoldsOnH2() {
    DomainMigrations.onH2(AccountLockHoldsMigrationTest::backfills);
  }

  @Test
  void theLocksOfIncidentsAndLeaversAtTheUpgradeGetTheirHoldsOnMariaDb() {
    DomainMigrations.onMariaDb("sopflow_lock_holds_migration", AccountLockHoldsMigrationTest::backfills);
  }

  private static void backfills(DataSource dataSource, String timestamp) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    // The engine's user table, as far as the back-fill reads it (Camunda's change log creates the whole of it).
    jdbc.execute("create table ACT_ID_USER (ID_ varchar(64) not null primary key, ATTEMPTS_ integer)");
    DomainMigrations.migrate(dataSource, "000-platform.xml", timestamp);
    DomainMigrations.migrate(dataSource, "740-security-incident.xml", timestamp);
    DomainMigrations.migrate(dataSource, "895-security-incident-lock-choice.xml", timestamp);
    user(jdbc, "gone", Integer.MAX_VALUE); // a leaver, locked
    user(jdbc, "back", 0); // a leaver an administrator unlocked: returned
    user(jdbc, "l3", Integer.MAX_VALUE); // locked by a running incident
    user(jdbc, "l2", 0);
    audit(jdbc, 1, "LEAVER_PROCESSED", "User", "gone");
    audit(jdbc, 2, "LEAVER_PROCESSED", "User", "gone"); // processed twice: one hold
    audit(jdbc, 3, "LEAVER_PROCESSED", "User", "back");
    audit(jdbc, 4, "LEAVER_PROCESSED", "AccessRequest", "l3"); // not a leaver record
    incident(jdbc, 1, "SEC-000001");
    account(jdbc, 1, 0, "gone", AT, null); // contains a leaver: held by both
    account(jdbc, 1, 1, "l2", null, null); // not locked
    incident(jdbc, 2, "SEC-000002");
    account(jdbc, 2, 0, "l3", AT, AT); // recovered
    incident(jdbc, 3, "SEC-000003");
    account(jdbc, 3, 0, "l3", AT, null); // still contained

    DomainMigrations.migrate(dataSource, "898-account-lock-holds.xml", timestamp);

    List<String> holds = new ArrayList<>();
    jdbc.query("select account, holder from account_lock_hold order by account, holder",
        row -> { holds.add(row.getString(1) + ":" + row.getString(2)); });
    assertThat(holds).containsExactly("gone:SEC-000001", "gone:leaver", "l3:SEC-000003");
    assertThat(jdbc.queryForObject("select count(*) from security_incident_account where released_at is not null "
        + "or kept_locked_by is not null", Integer.class)).isZero();
  }

  private static void user(JdbcTemplate jdbc, String id, int attempts) {
    jdbc.update("insert into ACT_ID_USER (ID_, ATTEMPTS_) values (?, ?)", id, attempts);
  }

  private static void audit(JdbcTemplate jdbc, long seq, String action, String subjectType, String key) {
    jdbc.update("insert into audit_entry (seq, recorded_at, actor, action, subject_type, subject_key, details, "
        + "previous_hash, hash) values (?, ?, 'desk', ?, ?, ?, 'account locked', 'x', 'y')", seq,
        Timestamp.valueOf(AT.toLocalDateTime().plusMinutes(seq)), action, subjectType, key);
  }

  private static void incident(JdbcTemplate jdbc, long id, String number) {
    jdbc.update("insert into security_incident (id, security_incident_number, title, description, category, severity, "
        + "status, reporter, detected_at, reported_at, personal_data_involved, problem_to_raise, row_version) "
        + "values (?, ?, 't', 'd', 'PHISHING', 'HIGH', 'CONTAINMENT', 'desk', ?, ?, false, false, 0)",
        id, number, AT, AT);
  }

  private static void account(JdbcTemplate jdbc, long incident, int seq, String account, Timestamp lockedAt,
      Timestamp unlockedAt) {
    jdbc.update("insert into security_incident_account (security_incident_id, seq, account, locked_at, unlocked_at) "
        + "values (?, ?, ?, ?, ?)", incident, seq, account, lockedAt, unlockedAt);
  }
}
