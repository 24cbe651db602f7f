package io.sopflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What differs between the two systems under test: how an incident is started, what the "get one" and "list" calls
 * are, which timers make the storm, and how an escalation is recognised. Everything else (the task API calls, users,
 * timings) is common and lives in {@link Harness}.
 */
interface Target {

  /** An incident (SOPFlow) or process instance (bare) that was started. */
  record Created(String key, String processInstanceId, Instant responseDueAt) {}

  String name();

  String processKey();

  /** Starts one incident as {@code desk}; {@code stormTimer} makes its response timer due at once (storm set). */
  Http.Answer create(Http http, boolean stormTimer);

  Created parseCreated(Http.Answer answer);

  Http.Answer getOne(Http http, Created incident);

  Http.Answer list(Http http);

  /** Process variables completing the given user task the way a person would. */
  Map<String, Object> completion(String taskDefinitionKey);

  /** Timer activities whose job definitions are suspended while the storm set is created. */
  List<String> suspendedTimerActivities();

  /** The timer activity that makes the storm (its existing jobs are activated at once). */
  default String stormTimerActivity() {
    return "BoundaryEvent_ResponseSlaBreached";
  }

  /** Count of escalations done (engine history), as admin. */
  String escalationCountPath();

  /** History of escalations (paged), as admin, to find duplicates. */
  String escalationHistoryPath();

  boolean sendsMails();

  /** Main class and program arguments of the system's JVM. */
  String mainClass();

  List<String> arguments(Database database, int port, int smtpPort);

  default void afterStart(Http http) {}

  static Instant instant(JsonNode node) {
    return node == null || node.isNull() ? null : Instant.parse(node.asText());
  }
}
