package io.sopflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A release waiting for its go/no-go, for tests of what people may do with its task (the release SOP's own tests
 * build theirs in {@code ReleaseIntegrationTest}): an approved standard change, requested by chgman, and relman's
 * release of it; and the form "Decide go or no-go" sends.
 */
public final class ReleaseFixtures {

  private ReleaseFixtures() {}

  /** relman's release to {@code environment} of an approved change, three days ahead; returns its key. */
  public static String releaseAwaitingGo(Function<String, RestClient> as, String environment) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> change = changeRequest("STANDARD", start);
    change.put("template", "certificate-renewal");
    JsonNode approved = as.apply("chgman").post().uri("/api/changes").contentType(MediaType.APPLICATION_JSON)
        .body(change).retrieve().body(JsonNode.class);
    assertThat(approved.path("status").asText()).as(String.valueOf(approved)).isEqualTo("APPROVED");
    JsonNode release = as.apply("relman").post().uri("/api/releases").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("name", "Intranet", "version", "2.0.0", "environment", environment,
            "changeNumber", approved.path("number").asText(), "windowStart", start.toString(),
            "windowEnd", start.plusHours(2).toString(), "rollbackPlan", "redeploy 1.9.9"))
        .retrieve().body(JsonNode.class);
    assertThat(release.path("status").asText()).as(String.valueOf(release)).isEqualTo("AWAITING_GO");
    return release.path("key").asText();
  }

  /** A change of {@code type} to the intranet's certificate, implemented by l2, planned from {@code start}. */
  public static Map<String, Object> changeRequest(String type, OffsetDateTime start) {
    Map<String, Object> change = new HashMap<>();
    change.put("title", "Renew certificate of the intranet");
    change.put("description", "The certificate expires next week");
    change.put("type", type);
    change.put("affectedServices", List.of("intranet-" + System.nanoTime()));
    change.put("implementationPlan", "Install the new certificate and reload");
    change.put("backoutPlan", "Reinstall the previous certificate");
    change.put("testEvidence", "Installed on the staging frontend");
    change.put("plannedStart", start.toString());
    change.put("plannedEnd", start.plusHours(2).toString());
    change.put("implementer", "l2");
    return change;
  }

  /** What "Decide go or no-go" sends for a GO or NO_GO: the whole checklist, a test report, a reason. */
  public static Map<String, Object> goForm(String decision) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("goDecision", typed(decision));
    values.put("decisionReason", typed("Decided by the board"));
    values.put("testReportReference", typed("TR-42"));
    for (String check : List.of("checkChangeApproved", "checkRollbackPlanReviewed", "checkStakeholdersInformed",
        "checkMonitoringReady")) {
      values.put(check, Map.of("value", true, "type", "Boolean"));
    }
    return values;
  }

  /** A string variable as {@code /engine-rest} takes it. */
  public static Map<String, Object> typed(String value) {
    return Map.of("value", value, "type", "String");
  }
}
