package io.sopflow.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SOPFlow's mixed workload: incidents, standard changes and service requests, each started through its own REST API
 * and taken through its tasks to its end, the way the people of each SOP do it; a lifecycle counts once its process
 * instance has ended. SOPFlow only: the bare engine has none of these SOPs.
 *
 * <ul>
 *   <li>incident: as {@link SopFlowTarget} (create, triage, resolve, confirm);
 *   <li>change: a STANDARD change from the template {@code certificate-renewal} (pre-approved), planned to start a
 *       second from now on a service of its own (no overlap with other changes), so its planned-start timer falls
 *       due at once; the implementer {@code l2} reports success, a change manager ({@code chgman}) reviews it;
 *   <li>service request: a laptop for {@code l2}, approved by the line manager ({@code manager}), fulfilled by the
 *       service desk ({@code desk}), confirmed and rated by {@code l2}.
 * </ul>
 */
final class MixedWorkload {

  static final List<String> KINDS = List.of("incident", "change", "serviceRequest");

  /** Looking for a task behind the change's planned-start timer: the job executor may wait up to 5 s between polls. */
  private static final int TIMER_FIND_ATTEMPTS = 750;

  private final AtomicInteger counter = new AtomicInteger();

  /** Latencies: per kind the whole lifecycle ({@code <kind>}) and the time its instance stayed open after the last task. */
  static Map<String, Latency> newSteps() {
    Map<String, Latency> steps = new LinkedHashMap<>();
    for (String kind : KINDS) {
      steps.put(kind, new Latency());
      steps.put(kind + ".ended", new Latency());
    }
    return steps;
  }

  /** One lifecycle of the given kind, to its end. */
  void lifecycle(String kind, SopFlowTarget incidents, Http http, Map<String, Latency> steps) {
    long start = System.nanoTime();
    Latency find = new Latency();
    Latency complete = new Latency();
    Target.Created created = switch (kind) {
      case "incident" -> {
        Map<String, Latency> incidentSteps = new LinkedHashMap<>();
        Harness.STEPS.forEach(s -> incidentSteps.put(s, s.equals("ended") ? steps.get("incident.ended") : new Latency()));
        Harness.lifecycle(incidents, http, incidentSteps);
        yield null;
      }
      case "change" -> change(http, find, complete, steps.get("change.ended"));
      case "serviceRequest" -> serviceRequest(http, find, complete, steps.get("serviceRequest.ended"));
      default -> throw new IllegalArgumentException(kind);
    };
    steps.get(kind).record(System.nanoTime() - start);
  }

  private Target.Created change(Http http, Latency find, Latency complete, Latency ended) {
    int n = counter.incrementAndGet();
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", "Renew the certificate of bench-service-" + n);
    body.put("description", "The TLS certificate expires at the end of the month (benchmark " + n + ").");
    body.put("type", "STANDARD");
    body.put("template", "certificate-renewal");
    body.put("affectedServices", List.of("bench-" + ProcessHandle.current().pid() + "-" + n));
    body.put("implementationPlan", "Install the renewed certificate and reload the service.");
    body.put("backoutPlan", "Reinstall the previous certificate from the vault and reload the service.");
    body.put("testEvidence", "Renewed certificate tested on the staging gateway.");
    body.put("plannedStart", start.toString());
    body.put("plannedEnd", start.plusHours(2).toString());
    body.put("implementer", "l2");
    Target.Created change = created(Harness.retrying(new Latency(), () -> http.post("desk", "/api/changes", body),
        "change.create"));
    Harness.work(http, find, complete, "change.implement", "l2", change, "Task_ImplementChange",
        Map.of("implementationOutcome", "SUCCEEDED", "implementationNotes", "Certificate installed, service reloaded"),
        TIMER_FIND_ATTEMPTS);
    Harness.work(http, find, complete, "change.review", "chgman", change, "Task_ReviewImplementation",
        Map.of("reviewSummary", "Implemented as planned, no side effects"), 50);
    Harness.awaitEnded(http, ended, change);
    return change;
  }

  private Target.Created serviceRequest(Http http, Latency find, Latency complete, Latency ended) {
    int n = counter.incrementAndGet();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("item", "laptop");
    body.put("requestedFor", "l2");
    body.put("justification", "Replacement for a laptop with a broken screen (benchmark " + n + ").");
    body.put("details", Map.of("model", "standard", "deliveryAddress", "Berlin office, room 2.14"));
    Target.Created request = created(Harness.retrying(new Latency(),
        () -> http.post("l2", "/api/service-requests", body), "serviceRequest.create"));
    Harness.work(http, find, complete, "serviceRequest.approve", "manager", request, "Task_ApproveAsLineManager",
        Map.of("decision", "APPROVE"), 50);
    Harness.work(http, find, complete, "serviceRequest.fulfil", "desk", request, "Task_FulfilRequest",
        Map.of("checklistComplete", true, "fulfilmentNotes", "Imaged, asset-tagged and handed over"), 50);
    Harness.work(http, find, complete, "serviceRequest.confirm", "l2", request, "Task_ConfirmFulfilment",
        Map.of("rating", "5", "ratingComment", "Quick, thank you"), 50);
    Harness.awaitEnded(http, ended, request);
    return request;
  }

  private static Target.Created created(Http.Answer answer) {
    var json = answer.json();
    return new Target.Created(json.path("number").asText(), json.path("processInstanceId").asText(), null);
  }
}
