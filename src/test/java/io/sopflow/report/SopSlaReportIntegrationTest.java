package io.sopflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.access.KnownAccessRequests;
import io.sopflow.change.KnownChanges;
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
 * The SLA report of the SOPs beside incidents (docs/sla.md): service requests ({@code sop=service-request}:
 * fulfilment time, fulfilment compliance and satisfaction of {@link KnownServiceRequests}) and changes
 * ({@code sop=change}: success rate and approval lead time of {@link KnownChanges}), exact, in JSON and CSV, by each
 * grouping, and access requests ({@code sop=access}: time to grant of {@link KnownAccessRequests}); who may read
 * it and which parameters it refuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SopSlaReportIntegrationTest extends IntegrationTestBase {

  static final String MAY_CHANGES = "/api/reports/sla?sop=change&from=2019-05-01&to=2019-05-31";
  static final String JULY_ACCESS = "/api/reports/sla?sop=access&from=2019-07-01&to=2019-07-31";
  static final String MARCH = "/api/reports/sla?sop=service-request&from=2019-03-01&to=2019-03-31";

  @Autowired
  ApplicationContext context;

  @BeforeAll
  void knownRequests() {
    KnownServiceRequests.create(context);
    KnownChanges.create(context);
    KnownAccessRequests.create(context);
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

  @Test
  void computesExactSuccessRateAndApprovalLeadTimeOfChangesPerTypeAndMonth() {
    JsonNode report = get("manager", MAY_CHANGES + "&groupBy=type").getBody();
    assertThat(report.path("sop").asText()).isEqualTo("change");
    assertThat(report.path("groupBy").asText()).isEqualTo("type");
    JsonNode rows = report.path("rows");
    assertThat(rows).hasSize(2);
    assertChangeRow(rows.get(0), "NORMAL", 3, 1, 1, 50.0, 2, 75.3);
    assertChangeRow(rows.get(1), "STANDARD", 1, 1, 0, 100.0, 1, 1.0);
    assertThat(get("incman", MAY_CHANGES).getBody().path("rows")).isEqualTo(rows);
    JsonNode byMonth = get("admin", "/api/reports/sla?sop=change&from=2019-05-01&to=2019-06-30&groupBy=month")
        .getBody().path("rows");
    assertThat(byMonth).hasSize(2);
    // May: 2 implemented of 3 with an outcome; lead (120 + 30.5 + 1) / 3 = 50.5.
    assertChangeRow(byMonth.get(0), "2019-05", 4, 2, 1, 66.7, 3, 50.5);
    assertChangeRow(byMonth.get(1), "2019-06", 1, 0, 1, 0.0, 1, 15.0);
    ResponseEntity<String> csv = as("manager").get().uri(MAY_CHANGES + "&groupBy=type")
        .accept(MediaType.parseMediaType("text/csv")).retrieve().toEntity(String.class);
    assertThat(csv.getBody()).isEqualTo(KnownChanges.CSV_MAY_BY_TYPE);
  }

  @Test
  void changeParametersAreCheckedAndOnlyReadersSeeThem() {
    assertRefused(MAY_CHANGES + "&groupBy=priority", "groupBy");
    assertRefused(MAY_CHANGES + "&groupBy=item", "groupBy");
    assertRefused("sop=change&from=2019-05-01&to=2020-05-31", "to");
    for (String user : List.of("desk", "chgman", "owner")) {
      assertThat(get(user, MAY_CHANGES).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
  }

  @Test
  void computesExactTimeToGrantOfAccessRequestsPerResourceAndMonth() {
    JsonNode report = get("manager", JULY_ACCESS + "&groupBy=resource").getBody();
    assertThat(report.path("sop").asText()).isEqualTo("access");
    JsonNode rows = report.path("rows");
    assertThat(rows).hasSize(1);
    assertAccessRow(rows.get(0), KnownAccessRequests.RESOURCE, 3, 2, 45.3);
    assertThat(get("incman", JULY_ACCESS).getBody().path("rows")).isEqualTo(rows);
    JsonNode byMonth = get("admin", "/api/reports/sla?sop=access&from=2019-07-01&to=2019-08-31&groupBy=month")
        .getBody().path("rows");
    assertThat(byMonth).hasSize(2);
    assertAccessRow(byMonth.get(0), "2019-07", 3, 2, 45.3);
    assertAccessRow(byMonth.get(1), "2019-08", 1, 1, 120.0);
    ResponseEntity<String> csv = as("admin").get().uri(JULY_ACCESS + "&groupBy=resource")
        .accept(MediaType.parseMediaType("text/csv")).retrieve().toEntity(String.class);
    assertThat(csv.getBody()).isEqualTo(KnownAccessRequests.CSV_JULY_BY_RESOURCE);
    assertRefused(JULY_ACCESS + "&groupBy=group", "groupBy");
    assertThat(get("fin", JULY_ACCESS).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  private static void assertAccessRow(JsonNode row, String key, long count, long granted, double meanMinutes) {
    assertThat(row.path("key").asText()).isEqualTo(key);
    assertThat(row.path("count").asLong()).as(key + " count").isEqualTo(count);
    assertThat(row.path("granted").asLong()).as(key + " granted").isEqualTo(granted);
    assertThat(row.path("meanTimeToGrantMinutes").asDouble()).as(key + " time to grant").isEqualTo(meanMinutes);
  }

  private static void assertChangeRow(JsonNode row, String key, long count, long implemented, long failed,
      double successRate, long approved, double meanLead) {
    assertThat(row.path("key").asText()).isEqualTo(key);
    assertThat(row.path("count").asLong()).as(key + " count").isEqualTo(count);
    assertThat(row.path("implemented").asLong()).as(key + " implemented").isEqualTo(implemented);
    assertThat(row.path("failed").asLong()).as(key + " failed").isEqualTo(failed);
    assertThat(row.path("successRatePercent").asDouble()).as(key + " success rate").isEqualTo(successRate);
    assertThat(row.path("approved").asLong()).as(key + " approved").isEqualTo(approved);
    assertThat(row.path("meanApprovalLeadMinutes").asDouble()).as(key + " lead time").isEqualTo(meanLead);
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
