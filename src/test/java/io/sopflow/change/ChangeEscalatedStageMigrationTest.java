package io.sopflow.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.DomainMigrations;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 900-change-escalated-stage.xml on changes waiting at the upgrade: a review escalated in the round that waits now,
 * and an escalated emergency approval, stay the managers' to decide too; a review escalated in an earlier round (the
 * requester added details since), and a change no longer in that stage, are not escalated. On H2 and on MariaDB.
 */
class ChangeEscalatedStageMigrationTest {

  private static final Timestamp AT = Timestamp.valueOf("2031-01-01 03:00:00");

  @Test
  void escalationsOfThePassesWaitingAtTheUpgradeCarryOverOnH2() {
    DomainMigrations.onH2(ChangeEscalatedStageMigrationTest::carriesOver);
  }

  @Test
  void escalationsOfThePassesWaitingAtTheUpgradeCarryOverOnMariaDb() {
    DomainMigrations.onMariaDb("sopflow_change_escalated_stage", ChangeEscalatedStageMigrationTest::carriesOver);
  }

  private static void carriesOver(DataSource dataSource, String timestamp) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    DomainMigrations.migrate(dataSource, "200-change.xml", timestamp);
    change(jdbc, 1, "IN_REVIEW");
    note(jdbc, 1, 1, "ESCALATION", "Approval SLA breached in REVIEW; escalated to managers");
    change(jdbc, 2, "IN_REVIEW"); // escalated in round 1, round 2 waits since the details
    note(jdbc, 2, 1, "ESCALATION", "Approval SLA breached in REVIEW; escalated to managers");
    note(jdbc, 2, 2, "DETAILS", "Both frontends");
    change(jdbc, 3, "IN_REVIEW"); // round 2 escalated in its turn
    note(jdbc, 3, 1, "ESCALATION", "Approval SLA breached in REVIEW; escalated to managers");
    note(jdbc, 3, 2, "DETAILS", "Both frontends");
    note(jdbc, 3, 3, "ESCALATION", "Approval SLA breached in REVIEW; escalated to managers");
    change(jdbc, 4, "CAB_REVIEW"); // the escalated review is over
    note(jdbc, 4, 1, "ESCALATION", "Approval SLA breached in REVIEW; escalated to managers");
    change(jdbc, 5, "EMERGENCY_APPROVAL");
    note(jdbc, 5, 1, "ESCALATION", "Approval SLA breached in EMERGENCY; escalated to managers");
    change(jdbc, 6, "EMERGENCY_APPROVAL");
    change(jdbc, 7, "IN_REVIEW"); // a CAB vote's escalation is no review's
    note(jdbc, 7, 1, "ESCALATION", "Approval SLA breached in CAB; escalated to managers");

    DomainMigrations.migrate(dataSource, "900-change-escalated-stage.xml", timestamp);

    List<String> stages = new ArrayList<>();
    jdbc.query("select id, escalated_stage from change_request order by id",
        row -> { stages.add(row.getLong(1) + ":" + row.getString(2)); });
    assertThat(stages).containsExactly("1:REVIEW", "2:null", "3:REVIEW", "4:null", "5:EMERGENCY", "6:null", "7:null");
  }

  private static void change(JdbcTemplate jdbc, long id, String status) {
    jdbc.update("insert into change_request (id, change_number, title, change_type, approval_route, risk, status, "
        + "implementation_plan, planned_start, planned_end, requester, implementer, created_at, updated_at, version) "
        + "values (?, ?, 't', 'NORMAL', 'NORMAL', 'MEDIUM', ?, 'plan', ?, ?, 'desk', 'l2', ?, ?, 0)",
        id, "CHG-%06d".formatted(id), status, AT, AT, AT, AT);
  }

  private static void note(JdbcTemplate jdbc, long change, int minute, String kind, String text) {
    jdbc.update("insert into change_note (change_id, author, note_kind, note_text, created_at) values (?, 'system', ?, "
        + "?, ?)", change, kind, text, Timestamp.valueOf(AT.toLocalDateTime().plusMinutes(minute)));
  }
}
