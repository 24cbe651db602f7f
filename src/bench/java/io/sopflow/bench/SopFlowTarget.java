package io.sopflow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SOPFlow as its users drive it: {@code POST /api/incidents} as {@code desk}, then the engine's task API as the people
 * of IncidentEscalationProcess (desk triages, l2 resolves, desk as reporter confirms). Storm incidents are P4
 * (impact and urgency LOW) whose response target the harness shortens to one second, 24x7.
 */
final class SopFlowTarget implements Target {

  static final String STORM_RESPONSE = "PT1S";

  private final AtomicInteger counter = new AtomicInteger();

  @Override
  public String name() {
    return "sopflow";
  }

  @Override
  public String processKey() {
    return "IncidentEscalationProcess";
  }

  @Override
  public Http.Answer create(Http http, boolean stormTimer) {
    int n = counter.incrementAndGet();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", "Benchmark incident " + n);
    body.put("description", "VPN gateway drops connections under load (benchmark " + n + ")");
    body.put("impact", stormTimer ? "LOW" : "MEDIUM");
    body.put("urgency", stormTimer ? "LOW" : "MEDIUM");
    body.put("category", "network");
    body.put("configurationItem", "vpn-gw-1");
    return http.post("desk", "/api/incidents", body);
  }

  @Override
  public Created parseCreated(Http.Answer answer) {
    var json = answer.json();
    return new Created(json.path("number").asText(), json.path("processInstanceId").asText(),
        Target.instant(json.get("responseDueAt")));
  }

  @Override
  public Http.Answer getOne(Http http, Created incident) {
    return http.get("desk", "/api/incidents/" + incident.key());
  }

  @Override
  public Http.Answer list(Http http) {
    return http.get("desk", "/api/incidents?status=IN_TRIAGE&page=0&size=20");
  }

  @Override
  public Map<String, Object> completion(String taskDefinitionKey) {
    return switch (taskDefinitionKey) {
      case "Task_TriageIncident" -> Map.of("resolverGroup", "support-l2", "triageNotes", "Gateway overloaded; L2 to check");
      case "Task_ResolveIncident" -> Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Restarted the gateway");
      case "Task_ConfirmResolution" -> Map.of("confirmation", "CONFIRM");
      default -> throw new IllegalArgumentException(taskDefinitionKey);
    };
  }

  @Override
  public List<String> suspendedTimerActivities() {
    // The warning timer stays suspended: the storm is the breach (in real life the warnings fire earlier, apart).
    return List.of("BoundaryEvent_ResponseSlaBreached", "BoundaryEvent_ResponseSlaWarning");
  }

  @Override
  public String escalationCountPath() {
    return "/engine-rest/history/activity-instance/count?activityId=Task_EscalateIncident&finished=true";
  }

  @Override
  public String escalationHistoryPath() {
    return "/engine-rest/history/activity-instance?activityId=Task_EscalateIncident&finished=true";
  }

  @Override
  public boolean sendsMails() {
    return true;
  }

  @Override
  public String mainClass() {
    return "io.sopflow.SopFlowApplication";
  }

  @Override
  public List<String> arguments(Database database, int port, int smtpPort) {
    List<String> args = new ArrayList<>();
    args.add("--spring.profiles.active=" + (database.isMariaDb() ? "demo,mysql" : "demo"));
    args.add("--server.port=" + port);
    args.add("--sopflow.base-url=http://127.0.0.1:" + port);
    args.add("--spring.datasource.url=" + database.jdbcUrl());
    args.add("--spring.datasource.username=" + database.user());
    args.add("--spring.datasource.password=");
    if (database.isMariaDb()) {
      args.add("--spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MariaDBDialect");
    }
    args.add("--spring.mail.host=127.0.0.1");
    args.add("--spring.mail.port=" + smtpPort);
    args.add("--sopflow.sla.incident.p4.response=" + STORM_RESPONSE);
    args.add("--sopflow.sla.incident.p4.calendar=24x7");
    // Measuring a setting before it becomes the default (e.g. -Dbench.sopflowArgs=--spring.jpa.hibernate.ddl-auto=none).
    for (String extra : System.getProperty("bench.sopflowArgs", "").trim().split("\\s+")) {
      if (!extra.isEmpty()) {
        args.add(extra);
      }
    }
    return args;
  }
}
