package io.sopflow.reliability;

import io.sopflow.support.IntegrationTestBase;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** One Spring context (H2, GreenMail, demo users) for every reliability integration test, with the test beans. */
@Import(ReliabilityTestBeans.class)
abstract class ReliabilityIntegrationTestBase extends IntegrationTestBase {

  @Autowired protected DataSource dataSource;

  protected JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  /**
   * Tables that the cluster's own schedulers write on their interval, whatever requests arrive: the SOP metrics'
   * snapshot (io.sopflow.metrics, one node per minute). A refusal cannot be told from them, so they are not counted.
   */
  private static final String SCHEDULER_TABLES = "SOP_METRIC_SNAPSHOT";

  /** SOPFlow's own tables (not the engine's, not Liquibase's, not the schedulers'), in upper case. */
  protected List<String> domainTables() {
    return jdbc().queryForList("select upper(table_name) from information_schema.tables "
        + "where table_schema = 'PUBLIC' and upper(table_type) in ('TABLE', 'BASE TABLE')", String.class)
        .stream().filter(t -> !t.startsWith("ACT_") && !t.startsWith("DATABASECHANGELOG")
            && !t.startsWith(SCHEDULER_TABLES)).sorted().toList();
  }

  /**
   * Rows in every domain table plus running and historic process instances, as one figure per table. A refused request
   * must leave all of them unchanged.
   */
  protected String rowCounts() {
    List<String> tables = new java.util.ArrayList<>(domainTables());
    tables.add("ACT_RU_EXECUTION");
    tables.add("ACT_HI_PROCINST");
    tables.add("ACT_RU_JOB");
    String sql = "select " + tables.stream().map(t -> "(select count(*) from " + t + ")")
        .collect(Collectors.joining(" || ',' || "));
    return String.join(",", tables) + "=" + jdbc().queryForObject(sql, String.class);
  }
}
