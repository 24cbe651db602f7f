package io.sopflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.support.MariaDbIntegrationTestBase;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The monthly SLA report's runs on a real MySQL-protocol server (MariaDB here, MySQL 8 in production): two requests
 * for one month at the same moment, where the loser's insert waits for the winner's transaction and then fails on the
 * unique key of the run.
 */
@TestPropertySource(properties = "camunda.bpm.job-execution.enabled=false")
@Import(SlaReportIntegrationTest.HoldNextRun.class)
class SlaReportMariaDbIntegrationTest extends MariaDbIntegrationTestBase {

  @Autowired SlaReportRepository runs;
  @Autowired SlaReportIntegrationTest.HoldNextRun hold;
  @Autowired DataSource dataSource;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void twoRunsForOneMonthRequestedAtTheSameMomentStartOneAndTheOtherGets409OnMysql() throws Exception {
    KnownIncidents.at("2026-12-02T06:00:00Z");

    List<ResponseEntity<JsonNode>> answers = SlaReportIntegrationTest.requestedAtTheSameMoment(hold, dataSource,
        () -> as("manager").post().uri("/api/reports/sla/runs").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("month", "2026-11")).retrieve().toEntity(JsonNode.class));

    SlaReportIntegrationTest.assertOneRunStarted(answers, "SLA-2026-11");
    assertThat(runs.findAll()).singleElement().satisfies(run -> {
      assertThat(run.getKey()).isEqualTo("SLA-2026-11");
      assertThat(run.getProcessInstanceId()).isNotNull();
    });
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceBusinessKey("SLA-2026-11").count()).isEqualTo(1);
  }
}
