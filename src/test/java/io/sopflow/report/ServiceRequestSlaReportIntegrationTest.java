package io.sopflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.request.KnownServiceRequests;
import io.sopflow.support.IntegrationTestBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The SLA report of service requests ({@code sop=service-request}, docs/sla.md): fulfilment time, fulfilment
 * compliance and satisfaction of a known set of requests ({@link KnownServiceRequests}), exact, in JSON and CSV, by
 * item, group and month; who may read it and which parameters it refuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceRequestSlaReportIntegrationTest extends IntegrationTestBase {

  static final String MARCH = "/api/reports/sla?sop=service-request&from=2019-03-01&to=2019-03-31";

  @Autowired
  ApplicationContext context;

  @BeforeAll
  void knownRequests() {
    KnownServiceRequests.create(context);
  }

  @Test
  void computesExactFulfilmentTimeComplianceAndSatisfactionPerItem() {
    JsonNode report = get("manager", MARCH + "&groupBy=item").getBody();
    assertThat(report.path("sop").asText()).isEqualTo("service-request");
    assertThat(report.path("groupBy").asText()).isEqualTo("item");
    assertThat(report.path("backlog")).isEmpty();
    JsonNode rows = report.path("rows");
    assertThat(rows).hasSize(2);
    assertRow(rows.get(0), KnownServiceRequests.DESK_ITEM, 3, 3, 90.2, 1, 66.7, 2, 3.5);
    assertRow(rows.get(1), KnownServiceRequests.L2_ITEM, 2, 0, null, 1, 0.0, 0, null);
    // The item key is also the default grouping.
    assertThat(get("incman", MARCH).getBody().path("rows")).isEqualTo(rows);
  }

  @Test
  void groupsByFulfilmentGroupAndByMonth() {
    JsonNode byGroup = get("admin", MARCH + "&groupBy=group").getBody().path("rows");
    assertThat(byGroup).hasSize(2);
    assertRow(byGroup.get(0), "service-desk", 3, 3, 90.2, 1, 66.7, 2, 3.5);
    assertRow(byGroup.get(1), "support-l2", 2, 0, null, 1, 0.0, 0, null);
    JsonNode byMonth = get("manager",
        "/api/reports/sla?sop=service-request&from=2019-02-01&to=2019-04-30&groupBy=month").getBody().path("rows");
    assertThat(byMonth).hasSize(2);
    // March: 4 verdicts (3 fulfilled, 1 breached open), 2 breaches -> 50 %.
    assertRow(byMonth.get(0), "2019-03", 5, 3, 90.2, 2, 50.0, 2, 3.5);
    assertRow(byMonth.get(1), "2019-04", 1, 1, 45.0, 0, 100.0, 1, 4.0);
  }

  @Test
  void answersCsvWithTheRequestFigures() {
    ResponseEntity<String> csv = as("manager").get().uri(MARCH + "&groupBy=item")
        .accept(MediaType.parseMediaType("text/csv")).retrieve().toEntity(String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getHeaders().getFirst("Content-Disposition"))
        .isEqualTo("attachment; filename=\"sla-service-request-2019-03-01-2019-03-31-item.csv\"");
    assertThat(csv.getBody()).isEqualTo(KnownServiceRequests.CSV_MARCH_BY_ITEM);
  }

  @Test
  void onlyManagersIncidentManagersAndAdminsMayReadIt() {
    for (String user : List.of("desk", "l2", "owner", "fin")) {
      assertThat(get(user, MARCH).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
  }

  @Test
  void badParametersAreRefusedNamingTheParameter() {
    assertRefused(MARCH + "&groupBy=priority", "groupBy");
    assertRefused(MARCH + "&groupBy=colour", "groupBy");
    assertRefused("sop=service-requests&from=2019-03-01&to=2019-03-31", "sop");
    assertRefused("sop=service-request&from=2019-04-01&to=2019-03-31", "from");
    assertRefused("sop=service-request&from=2019-03-01", "to");
  }

  private ResponseEntity<JsonNode> get(String user, String uri) {
    return as(user).get().uri(uri).retrieve().toEntity(JsonNode.class);
  }

  private void assertRefused(String query, String field) {
    String uri = query.startsWith("/") ? query : "/api/reports/sla?" + query;
    ResponseEntity<JsonNode> answer = get("manager", uri);
    assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().toString()).as(query).contains("\"" + field + "\"");
  }

  private static void assertRow(JsonNode row, String key, long count, long fulfilled, Double meanMinutes,
      long breaches, double compliance, long rated, Double meanRating) {
    assertThat(row.path("key").asText()).isEqualTo(key);
    assertThat(row.path("count").asLong()).as(key + " count").isEqualTo(count);
    assertThat(row.path("fulfilled").asLong()).as(key + " fulfilled").isEqualTo(fulfilled);
    assertThat(number(row.path("meanFulfilmentMinutes"))).as(key + " mean fulfilment").isEqualTo(meanMinutes);
    assertThat(row.path("fulfilmentBreaches").asLong()).as(key + " breaches").isEqualTo(breaches);
    assertThat(row.path("fulfilmentCompliancePercent").asDouble()).as(key + " compliance").isEqualTo(compliance);
    assertThat(row.path("rated").asLong()).as(key + " rated").isEqualTo(rated);
    assertThat(number(row.path("meanRating"))).as(key + " mean rating").isEqualTo(meanRating);
  }

  private static Double number(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node.asDouble();
  }
}
