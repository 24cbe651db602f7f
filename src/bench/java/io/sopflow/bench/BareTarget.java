package io.sopflow.bench;

import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bare Camunda engine ({@code barecamunda.BareEngineApplication}) with {@code BareIncidentProcess}: started through
 * the engine's REST start with the same variables SOPFlow's process starter sets, driven through the same task API by
 * the same users. No domain code, no mails.
 */
final class BareTarget implements Target {

  static final String PROCESS_KEY = "BareIncidentProcess";

  private final AtomicInteger counter = new AtomicInteger();

  @Override
  public String name() {
    return "bare";
  }

  @Override
  public String processKey() {
    return PROCESS_KEY;
  }

  @Override
  public void afterStart(Http http) {
    // Deploy once per database (duplicate filtering makes a restart deploy nothing).
    byte[] bpmn = Resources.bytes("bench/BareIncidentProcess.bpmn");
    http.postMultipart("admin", "/engine-rest/deployment/create",
            Map.of("deployment-name", "bench", "enable-duplicate-filtering", "true", "deploy-changed-only", "true"),
            "BareIncidentProcess.bpmn", bpmn)
        .expectOk("deployment of BareIncidentProcess");
  }

  @Override
  public Http.Answer create(Http http, boolean stormTimer) {
    int n = counter.incrementAndGet();
    String number = String.format("INC-B%06d", n);
    Instant now = Instant.now();
    Instant responseDue = stormTimer ? now.minusSeconds(1) : now.plus(Duration.ofHours(4));
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("incidentNumber", string(number));
    variables.put("incidentTitle", string("Benchmark incident " + n));
    variables.put("priority", string(stormTimer ? "P4" : "P3"));
    variables.put("reporter", string("desk"));
    variables.put("assignmentGroup", string("service-desk"));
    variables.put("escalationLevel", Map.of("value", 1, "type", "Integer"));
    variables.put("majorIncident", Map.of("value", false, "type", "Boolean"));
    variables.put("reviewRequired", Map.of("value", false, "type", "Boolean"));
    variables.put("responseWarningAt", date(now.plus(Duration.between(now, responseDue).multipliedBy(3).dividedBy(4))));
    variables.put("responseDueAt", date(responseDue));
    variables.put("resolutionWarningAt", date(now.plus(Duration.ofHours(6))));
    variables.put("resolutionDueAt", date(now.plus(Duration.ofHours(8))));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("businessKey", number);
    body.put("variables", variables);
    return http.post("desk", "/engine-rest/process-definition/key/" + PROCESS_KEY + "/start", body);
  }

  @Override
  public Created parseCreated(Http.Answer answer) {
    var json = answer.json();
    return new Created(json.path("businessKey").asText(), json.path("id").asText(), null);
  }

  @Override
  public Http.Answer getOne(Http http, Created incident) {
    return http.get("desk", "/engine-rest/process-instance?businessKey=" + incident.key());
  }

  @Override
  public Http.Answer list(Http http) {
    return http.get("desk", "/engine-rest/process-instance?processDefinitionKey=" + PROCESS_KEY
        + "&activityIdIn=Task_TriageEscalatedIncident&firstResult=0&maxResults=20");
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
    return List.of("BoundaryEvent_ResponseSlaBreached");
  }

  @Override
  public String escalationCountPath() {
    return "/engine-rest/history/activity-instance/count?activityId=Task_TriageEscalatedIncident";
  }

  @Override
  public String escalationHistoryPath() {
    return "/engine-rest/history/activity-instance?activityId=Task_TriageEscalatedIncident";
  }

  @Override
  public boolean sendsMails() {
    return false;
  }

  @Override
  public String mainClass() {
    return "barecamunda.BareEngineApplication";
  }

  @Override
  public List<String> arguments(Database database, int port, int smtpPort) {
    List<String> args = new ArrayList<>();
    args.add("--spring.config.name=bare-engine");
    args.add("--server.port=" + port);
    args.add("--spring.datasource.url=" + database.jdbcUrl());
    args.add("--spring.datasource.username=" + database.user());
    args.add("--spring.datasource.password=");
    if (database.isMariaDb()) {
      args.add("--spring.datasource.driver-class-name=com.mysql.cj.jdbc.Driver");
      args.add("--spring.datasource.hikari.connection-timeout=5000");
      args.add("--spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MariaDBDialect");
      args.add("--camunda.bpm.database.type=mysql");
    }
    return args;
  }

  private static Map<String, Object> string(String value) {
    return Map.of("value", value, "type", "String");
  }

  private static Map<String, Object> date(Instant instant) {
    SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    return Map.of("value", format.format(Date.from(instant)), "type", "Date");
  }
}
